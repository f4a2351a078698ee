using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>What the Proxy does with the backend's response of one request, besides streaming it.</summary>
/// <param name="CaptureOnSuccess">Hand over a response whose status is not a failure code (a later filter may use it).</param>
/// <param name="CaptureOnFailure">Hand over a response whose status is a failure code.</param>
/// <param name="MaxBodySize">How much of a handed-over body is read into memory; -1 hands over the stream instead.</param>
/// <param name="Compression">The Proxy's <c>compression</c>, if any.</param>
/// <param name="Keep">Hand over a response whose status this accepts, whatever else says (a retry may discard it).</param>
internal sealed record ResponsePlan(bool CaptureOnSuccess, bool CaptureOnFailure, long MaxBodySize, ResponseCompression? Compression,
    Func<int, bool>? Keep = null)
{
    public bool MayCapture => CaptureOnSuccess || CaptureOnFailure || Keep is not null;
}

/// <summary>
/// The response side of one forward when the Proxy must do more than stream the backend's answer unchanged. It lets
/// YARP copy status and headers (dropping hop-by-hop ones), merges in the headers an earlier filter put on the response,
/// and then either streams the body to the client — gzipped when <c>compression</c> applies — or, when a later filter
/// may use the response, captures it into the context (<see cref="RequestContext.Response"/>) and tells YARP not to
/// copy the body: read into memory up to <c>serverMaxBodySize</c>, or kept as a stream when that is -1 or the
/// answer is a stream of server-sent events.
/// </summary>
internal sealed class ResponseTransformer(BackendServer server, RequestContext context, ServerPool pool, ResponsePlan plan)
    : ForwardingTransformer(server.UpstreamHost, server.Cookie)
{
    /// <summary>The backend's status, once its response arrived.</summary>
    public int StatusCode { get; private set; }

    /// <summary>The response was handed over in the context rather than sent.</summary>
    public bool Captured { get; private set; }

    /// <summary>The body was longer than <c>serverMaxBodySize</c>: nothing was captured or sent.</summary>
    public bool TooLarge { get; private set; }

    /// <summary>The gzip body put in place for a streamed response; finish it once the forward is done.</summary>
    public GzipResponseBody? Gzip { get; private set; }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is null) return copyBody;
        var client = httpContext.Response;
        StatusCode = client.StatusCode;
        if (context.Response is { } earlier) ResponseHeaders.Merge(earlier.Headers, client.Headers);

        var capture = (pool.IsFailure(StatusCode) ? plan.CaptureOnFailure : plan.CaptureOnSuccess) || plan.Keep?.Invoke(StatusCode) == true;
        // Server-sent events never end, so they are handed over as a stream whatever serverMaxBodySize says (as in
        // Easegress); a handed-over stream must outlive the forwarder's call, which only an HTTP/1.x body does.
        var handOverStream = plan.MaxBodySize < 0 || IsEventStream(client.ContentType);
        if (capture && handOverStream && proxyResponse.Version.Major > 1) capture = false;
        if (!capture)
        {
            if (plan.Compression?.Applies(httpContext.Request, StatusCode, client.Headers, client.ContentLength) == true)
            {
                ResponseCompression.MarkGzipped(client.Headers);
                Gzip = GzipResponseBody.Install(httpContext);
            }
            return copyBody;
        }

        var captured = new PipelineResponse(StatusCode);
        foreach (var (name, values) in client.Headers) captured.Headers[name] = values;
        client.Clear();
        var content = proxyResponse.Content;
        if (handOverStream)
        {
            // Keep the body past the forwarder's disposal of the response; the request's end disposes it.
            proxyResponse.Content = null;
            httpContext.Response.RegisterForDispose(content);
            captured.SetBodyStream(await content.ReadAsStreamAsync(cancellationToken));
            if (plan.Compression?.Applies(httpContext.Request, StatusCode, captured.Headers, captured.Headers.ContentLength) == true)
            {
                ResponseCompression.MarkGzipped(captured.Headers);
                captured.WrapBodyStream(stream => new GzipReadStream(stream));
            }
        }
        else
        {
            var source = await content.ReadAsStreamAsync(cancellationToken);
            // The Content-Length of an answer to HEAD (or a 204/304) describes a body that is not sent.
            var length = PipelineResponse.BodyAllowed(httpContext.Request.Method, StatusCode) ? content.Headers.ContentLength : 0;
            var body = await BodyBuffer.ReadAsync(source, plan.MaxBodySize, length, cancellationToken);
            if (body is null)
            {
                TooLarge = true;
                return false;
            }
            if (plan.Compression?.Applies(httpContext.Request, StatusCode, captured.Headers, body.Length) == true)
            {
                ResponseCompression.MarkGzipped(captured.Headers);
                body = Protocols.Http.Bodies.Gzip.Compress(body);
            }
            captured.SetBody(body);
        }
        context.Respond(captured);
        Captured = true;
        return false;
    }

    private static bool IsEventStream(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase);
}
