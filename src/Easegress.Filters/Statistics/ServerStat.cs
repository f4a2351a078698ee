using System.Collections.Concurrent;

namespace Easegress.Filters.Statistics;

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

    public HttpStat Total { get; } = new(time);

    public void Record(string path, int statusCode, TimeSpan duration, long requestBytes, long responseBytes)
    {
        Total.Record(statusCode, duration, requestBytes, responseBytes);
        if (!_paths.TryGetValue(path, out var stat))
        {
            if (_paths.Count >= MaxPaths) return;
            stat = _paths.GetOrAdd(path, new HttpStat(_time));
        }
        stat.Record(statusCode, duration, requestBytes, responseBytes);
    }

    /// <summary>The most requested paths, most first (ties by path).</summary>
    public IEnumerable<(string Path, HttpStatSnapshot Stat)> Top(int count = TopCount) =>
        _paths.ToArray()
            .OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(p => (p.Key, p.Value.Snapshot()));
}
