using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>A server picked at random in proportion to its <c>weight</c> (<c>weightedRandom</c>).</summary>
internal sealed class WeightedRandomBalancer(AvailableServers available) : ILoadBalancer
{
    public BackendServer? Choose(HttpRequest request)
    {
        var current = available.Current;
        if (current.TotalWeight <= 0) return null;
        var w = Random.Shared.Next(current.TotalWeight);
        foreach (var server in current.Servers)
        {
            w -= server.Weight;
            if (w < 0) return server;
        }
        return null;
    }
}
