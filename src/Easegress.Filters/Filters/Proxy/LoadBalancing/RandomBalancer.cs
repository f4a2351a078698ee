using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>A server picked uniformly at random (<c>random</c>).</summary>
internal sealed class RandomBalancer(AvailableServers available) : ILoadBalancer
{
    public BackendServer? Choose(HttpRequest request)
    {
        var servers = available.Current.Servers;
        return servers.Length == 0 ? null : servers[Random.Shared.Next(servers.Length)];
    }
}
