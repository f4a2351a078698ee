using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy.LoadBalancing;

/// <summary>A server picked at random in proportion to its <c>weight</c> (<c>weightedRandom</c>).</summary>
internal sealed class WeightedRandomBalancer : ILoadBalancer
{
    private readonly BackendServer[] _servers;
    private readonly int _totalWeight;

    public WeightedRandomBalancer(BackendServer[] servers)
    {
        _servers = servers;
        foreach (var server in servers) _totalWeight += server.Weight;
    }

    public BackendServer? Choose(HttpRequest request)
    {
        if (_totalWeight <= 0) return null;
        var w = Random.Shared.Next(_totalWeight);
        foreach (var server in _servers)
        {
            w -= server.Weight;
            if (w < 0) return server;
        }
        return null;
    }
}
