using System.Collections.Concurrent;

namespace Easegress.Actors.Traffic;

/// <summary>
/// What this node's traffic controller has applied, so a write through this node's API can answer once the
/// change runs here too (a user who creates a server and curls it at once finds it listening).
/// </summary>
public sealed class AppliedCatalog
{
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Applied(IReadOnlyDictionary<string, long> versions)
    {
        foreach (var name in _versions.Keys.Where(n => !versions.ContainsKey(n)).ToList()) _versions.TryRemove(name, out _);
        foreach (var (name, version) in versions) _versions[name] = version;
        TaskCompletionSource changed;
        lock (_gate) { changed = _changed; _changed = new(TaskCreationOptions.RunContinuationsAsynchronously); }
        changed.TrySetResult();
    }

    /// <summary>Waits until <paramref name="name"/> runs at <paramref name="version"/> or later (or is gone when
    /// <paramref name="removed"/>); false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitAsync(string name, long version, bool removed, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            var applied = _versions.TryGetValue(name, out var v);
            if (removed ? !applied : applied && v >= version) return true;
            try { await changed.WaitAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return false; }
        }
    }
}
