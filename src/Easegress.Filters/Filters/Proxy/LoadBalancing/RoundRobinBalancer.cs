using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>Each server in turn (<c>roundRobin</c>, the default).</summary>
internal sealed class RoundRobinBalancer(AvailableServers available) : ILoadBalancer
{
    private ulong _counter;

    public BackendServer? Choose(HttpRequest request)
    {
        var servers = available.Current.Servers;
        if (servers.Length == 0) return null;
        var next = Interlocked.Increment(ref _counter) - 1;
        return servers[(int)(next % (ulong)servers.Length)];
    }
}
