using System.Net.Http.Headers;
using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>
/// One server of a pool, ready to forward to: its URL prefix, its weight, and the Host rule that applies to it.
/// The client's Host is kept when the URL names an IP address or <c>keepHost</c> is set; otherwise (or with the
/// pool's <c>setUpstreamHost</c>, which <c>keepHost</c> overrides) the server's host is sent.
/// </summary>
internal sealed class BackendServer
{
    public BackendServer(ServerSpec spec, bool setUpstreamHost)
    {
        var uri = spec.ParsedUrl ?? new Uri(spec.Url);
        Url = spec.Url;
        Weight = spec.Weight;
        var urlIsAddress = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
        UpstreamHost = !spec.KeepHost && (!urlIsAddress || setUpstreamHost);
        Transformer = UpstreamHost ? ForwardingTransformer.UpstreamHost : ForwardingTransformer.ClientHost;
    }

    public string Url { get; }
    public int Weight { get; }
    public bool UpstreamHost { get; }
    public HttpTransformer Transformer { get; }
}

/// <summary>
/// YARP's default copying (headers minus hop-by-hop ones, status, body), plus the Host rule, plus — when an earlier
/// filter already drafted a response — that draft's headers merged into the backend's (Access-Control-* from the
/// draft win, as in Easegress).
/// </summary>
internal sealed class ForwardingTransformer(bool upstreamHost, ResponseDraft? draft) : HttpTransformer
{
    public static readonly ForwardingTransformer ClientHost = new(false, null);
    public static readonly ForwardingTransformer UpstreamHost = new(true, null);

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        // Without a Host header the client sends the destination's authority.
        if (upstreamHost) proxyRequest.Headers.Host = null;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (draft is not null && proxyResponse is not null)
        {
            var headers = httpContext.Response.Headers;
            foreach (var (name, values) in draft.Headers)
            {
                if (name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)) headers[name] = values;
                else headers.Append(name, values);
            }
        }
        return copyBody;
    }
}
