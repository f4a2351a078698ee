using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>The same client address always reaches the same server (<c>ipHash</c>).</summary>
internal sealed class IpHashBalancer(AvailableServers available) : ILoadBalancer
{
    public BackendServer? Choose(HttpRequest request)
    {
        var servers = available.Current.Servers;
        return servers.Length == 0 ? null : servers[RequestHash.OfClientAddress(request) % (uint)servers.Length];
    }
}

/// <summary>The same header value always reaches the same server (<c>headerHash</c>; <c>cookieHash</c> hashes Cookie).</summary>
internal sealed class HeaderHashBalancer(AvailableServers available, string header) : ILoadBalancer
{
    public BackendServer? Choose(HttpRequest request)
    {
        var servers = available.Current.Servers;
        return servers.Length == 0 ? null : servers[RequestHash.OfHeader(request, header) % (uint)servers.Length];
    }
}
