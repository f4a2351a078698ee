using System.Collections.Concurrent;

namespace Easegress.Statistics;

/// <summary>
/// An HTTPServer's statistics: the server as a whole and each of its paths, of which the status shows the 10 most
/// requested. At most <see cref="MaxPaths"/> distinct paths are tracked (a scan of random URLs must not grow memory
/// without bound); later new paths count only for the server.
/// </summary>
public sealed class ServerStat(TimeProvider? time = null)
{
    public const int MaxPaths = 256;
    public const int TopCount = 10;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, HttpStat> _paths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HttpStat> _backends = new(StringComparer.Ordinal);
    private int _pathCount;

    public HttpStat Total { get; } = new(time);

    /// <param name="path">The request's path, as the client sent it.</param>
    /// <param name="backend">The pipeline the route chose; empty when no route matched.</param>
    public void Record(string path, string backend, int statusCode, TimeSpan duration, long requestBytes, long responseBytes)
    {
        Total.Record(statusCode, duration, requestBytes, responseBytes);
        // backends come from the spec, so there are few of them
        if (!_backends.TryGetValue(backend, out var byBackend)) byBackend = _backends.GetOrAdd(backend, new HttpStat(_time, sizeHistograms: true));
        byBackend.Record(statusCode, duration, requestBytes, responseBytes);
        if (!_paths.TryGetValue(path, out var stat))
        {
            // a counter of our own: ConcurrentDictionary.Count takes every lock of the table
            if (Volatile.Read(ref _pathCount) >= MaxPaths) return;
            stat = new HttpStat(_time);
            if (_paths.TryAdd(path, stat)) Interlocked.Increment(ref _pathCount);
            else stat = _paths[path];
        }
        stat.Record(statusCode, duration, requestBytes, responseBytes);
    }

    /// <summary>Each backend's statistics (with size histograms), for Prometheus's <c>backend</c> label.</summary>
    public IEnumerable<(string Backend, HttpStatSnapshot Stat)> Backends() =>
        _backends.ToArray().OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Value.Snapshot()));

    /// <summary>The most requested paths, most first (ties by path).</summary>
    public IEnumerable<(string Path, HttpStatSnapshot Stat)> Top(int count = TopCount) =>
        _paths.ToArray()
            .OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(p => (p.Key, p.Value.Snapshot()));
}
