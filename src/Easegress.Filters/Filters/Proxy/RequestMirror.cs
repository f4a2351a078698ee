using Easegress.Protocols.Http;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>
/// A Proxy's <c>mirrorPool</c>: a copy of each request it takes goes to one of its servers in the background, and the
/// answer is discarded. The copy is made before the main request is forwarded and sent on another task, so the mirror
/// never delays or fails the main request. Request bodies stream to the main backend and are read once, so the
/// mirror's copy of a request with a body carries <see cref="BodyPlaceholder"/> instead (as Easegress does for stream
/// bodies).
/// </summary>
internal sealed class RequestMirror(ServerPool pool, HttpMessageInvoker client, TimeProvider time, ILogger logger, string filterName)
{
    public const string BodyPlaceholder = "[the request body streams to the main pool and is not mirrored]";

    /// <summary>How long a mirrored exchange may take when the pool sets no <c>timeout</c>.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        "Content-Length", "Content-Type", "Content-Encoding", "Content-MD5", "Content-Range", "Content-Language", "Expect",
    };

    /// <summary>Starts mirroring the request when the pool takes it; returns at once.</summary>
    public void Send(HttpRequest request)
    {
        if (!pool.Takes(request)) return;
        var server = pool.Balancer.Choose(request);
        if (server is null) return;
        HttpRequestMessage copy;
        try { copy = CopyOf(request, server); }
        catch (Exception e) when (e is FormatException or InvalidOperationException or UriFormatException)
        {
            logger.LogDebug("Proxy {Filter}: the request cannot be mirrored: {Error}", filterName, e.Message);
            return;
        }
        _ = Task.Run(() => SendAsync(copy, server.Url));
    }

    private async Task SendAsync(HttpRequestMessage copy, string server)
    {
        using var timeout = new CancellationTokenSource(pool.Timeout ?? DefaultTimeout, time);
        try
        {
            using var response = await client.SendAsync(copy, timeout.Token).ConfigureAwait(false);
            // reading the answer returns the connection to the pool; its content is discarded
            await response.Content.CopyToAsync(Stream.Null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            logger.LogDebug("Proxy {Filter}: mirroring to {Server} failed: {Error}", filterName, server, e.Message);
        }
        finally
        {
            copy.Dispose();
        }
    }

    private static HttpRequestMessage CopyOf(HttpRequest request, BackendServer server)
    {
        var copy = new HttpRequestMessage(new HttpMethod(request.Method),
            ForwardedPath.Destination(server.Url, request));
        foreach (var (name, values) in request.Headers)
            if (!NotCopied.Contains(name) && !name.StartsWith(':')) copy.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
        if (!server.UpstreamHost && CanonicalHost.Of(request) is { Length: > 0 } host) copy.Headers.Host = host;
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
            copy.Content = new StringContent(BodyPlaceholder, Encoding.UTF8, "text/plain");
        return copy;
    }
}
