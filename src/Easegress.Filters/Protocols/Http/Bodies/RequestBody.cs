using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Easegress.Protocols.Http.Bodies;

/// <summary>The request body as filters see it: read into memory, replaced, or (for a route with
/// <c>clientMaxBodySize: -1</c>) left to stream.</summary>
internal static class RequestBody
{
    /// <summary>True when the route lets the body stream without a size limit (<c>clientMaxBodySize: -1</c>); such a
    /// body is never read into memory by a filter.</summary>
    public static bool Streams(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { MaxRequestBodySize: null };

    /// <summary>
    /// Reads the whole body (the server's body limit applies) and leaves a copy in its place for later filters. Null
    /// when it cannot be read: the client went away, or the body is too large or malformed — then the request is
    /// answered with the server's status for that (413, 400).
    /// </summary>
    public static async Task<byte[]?> TryReadAsync(RequestContext context)
    {
        var request = context.Request;
        byte[] body;
        try
        {
            body = (await BodyBuffer.ReadAsync(request.Body, long.MaxValue, request.ContentLength, context.Aborted).ConfigureAwait(false))!;
        }
        catch (BadHttpRequestException e)
        {
            context.Respond(e.StatusCode);
            return null;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return null;
        }
        request.Body = new MemoryStream(body, writable: false);
        return body;
    }

    /// <summary>
    /// Puts <paramref name="body"/> in place of the request body with its Content-Length; Content-Encoding and
    /// Transfer-Encoding go with the old body. The body is sent even when the original request (a GET) had none.
    /// </summary>
    public static void Replace(HttpRequest request, byte[] body)
    {
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        request.Headers.Remove(HeaderNames.TransferEncoding);
        request.Headers.Remove(HeaderNames.ContentEncoding);
        AnnounceBody(request);
    }

    /// <summary>Puts a stream of unknown length in place of the request body (sent chunked).</summary>
    public static void ReplaceWithStream(HttpRequest request, Stream body)
    {
        request.Body = body;
        request.ContentLength = null;
        AnnounceBody(request);
    }

    // The server decided from the original request whether it has a body; the forwarder asks this feature.
    private static void AnnounceBody(HttpRequest request) =>
        request.HttpContext.Features.Set<IHttpRequestBodyDetectionFeature>(ReplacedBody.Instance);

    private sealed class ReplacedBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly ReplacedBody Instance = new();
        public bool CanHaveBody => true;
    }
}
