using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>
/// One server of a pool, ready to forward to: its URL prefix, its weight, and the Host rule that applies to it.
/// The client's Host is kept when the URL names an IP address or <c>keepHost</c> is set; otherwise (or with the
/// pool's <c>setUpstreamHost</c>, which <c>keepHost</c> overrides) the server's host is sent. With a sticky session
/// that sets a cookie, its responses carry that cookie.
/// </summary>
internal sealed class BackendServer
{
    public BackendServer(ServerSpec spec, bool setUpstreamHost, StickySession? sticky = null)
    {
        var uri = spec.ParsedUrl ?? new Uri(spec.Url);
        Url = spec.Url;
        Weight = spec.Weight;
        var urlIsAddress = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
        UpstreamHost = !spec.KeepHost && (!urlIsAddress || setUpstreamHost);
        UrlBytes = System.Text.Encoding.UTF8.GetBytes(Url);
        Cookie = sticky?.CookieFor(Url);
        Transformer = Cookie is not null ? new ForwardingTransformer(UpstreamHost, Cookie)
            : UpstreamHost ? ForwardingTransformer.UpstreamHost : ForwardingTransformer.ClientHost;
    }

    public string Url { get; }
    public int Weight { get; }
    public bool UpstreamHost { get; }
    /// <summary>The URL as UTF-8, what sticky-session cookies sign.</summary>
    public byte[] UrlBytes { get; }
    /// <summary>The sticky-session cookie its responses get, if any.</summary>
    public ServerCookie? Cookie { get; }
    public HttpTransformer Transformer { get; }
}

/// <summary>YARP's default copying (headers minus hop-by-hop ones, status, body), plus the Host rule and the
/// sticky-session cookie.</summary>
internal class ForwardingTransformer(bool upstreamHost, ServerCookie? cookie = null) : HttpTransformer
{
    public static readonly ForwardingTransformer ClientHost = new(false);
    public static readonly ForwardingTransformer UpstreamHost = new(true);

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = ForwardedPath.Destination(destinationPrefix, httpContext.Request);
        // Without a Host header the client sends the destination's authority.
        if (upstreamHost) proxyRequest.Headers.Host = null;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is not null) cookie?.AddTo(httpContext.Response.Headers);
        return copyBody;
    }
}
