using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>Picks the server of a pool for one request. Implementations are lock-free; the policies allocate
/// nothing (a sticky session reads the request's cookies).</summary>
internal interface ILoadBalancer
{
    /// <returns>The server, or null when none is available.</returns>
    BackendServer? Choose(HttpRequest request);

    static ILoadBalancer Create(LoadBalanceSpec? spec, AvailableServers servers, StickySession? sticky = null) =>
        sticky is null ? Policy(spec, servers) : new StickyBalancer(sticky, servers, Policy(spec, servers));

    private static ILoadBalancer Policy(LoadBalanceSpec? spec, AvailableServers servers) => spec?.Policy switch
    {
        null or "" or LoadBalanceSpec.RoundRobin => new RoundRobinBalancer(servers),
        LoadBalanceSpec.Random => new RandomBalancer(servers),
        LoadBalanceSpec.WeightedRandom => new WeightedRandomBalancer(servers),
        LoadBalanceSpec.IpHash => new IpHashBalancer(servers),
        LoadBalanceSpec.HeaderHash => new HeaderHashBalancer(servers, spec.HeaderHashKey!),
        LoadBalanceSpec.CookieHash => new HeaderHashBalancer(servers, "Cookie"),
        _ => throw new InvalidOperationException($"load balance policy {spec.Policy} was not validated"),
    };
}
