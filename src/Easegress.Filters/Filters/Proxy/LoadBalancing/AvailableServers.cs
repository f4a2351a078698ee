namespace Easegress.Filters.Proxy;

/// <summary>
/// The servers of a pool that may take requests now: all of them, or those its health check last found healthy. The
/// balancers read <see cref="Current"/> on every choice; the health check swaps it (an immutable snapshot) when a
/// server changes state, so choosing stays lock-free and allocation-free.
/// </summary>
internal sealed class AvailableServers(BackendServer[] all)
{
    private volatile ServerSnapshot _current = new(all);

    public BackendServer[] All { get; } = all;

    public ServerSnapshot Current => _current;

    /// <summary>Makes the servers for which <paramref name="healthy"/> is true the available ones.</summary>
    public void Set(bool[] healthy)
    {
        var servers = new List<BackendServer>(All.Length);
        for (var i = 0; i < All.Length; i++)
            if (healthy[i]) servers.Add(All[i]);
        _current = new ServerSnapshot(servers.ToArray());
    }
}

/// <summary>Servers available at one moment, with their total weight (for <c>weightedRandom</c>).</summary>
internal sealed class ServerSnapshot
{
    public ServerSnapshot(BackendServer[] servers)
    {
        Servers = servers;
        foreach (var server in servers) TotalWeight += server.Weight;
    }

    public BackendServer[] Servers { get; }
    public int TotalWeight { get; }
}
