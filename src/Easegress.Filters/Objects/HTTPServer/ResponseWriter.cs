using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Objects.HTTPServer;

/// <summary>Writes what a pipeline decided: nothing if a filter streamed the response, the pipeline's response, 500
/// when a filter failed, or 503 when the pipeline ended with no response.</summary>
internal static class ResponseWriter
{
    public static async Task WriteAsync(RequestContext context, ILogger logger)
    {
        if (context.ResponseSent) return;
        var response = context.Http.Response;
        if (response.HasStarted) return;
        if (context.Error is { } error)
        {
            logger.LogError("pipeline {Pipeline}: a filter failed: {Error}", context.PipelineName, error.Message);
            response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        if (context.Response is not { } answer)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers) response.Headers[name] = value;

        var bodyAllowed = PipelineResponse.BodyAllowed(context.Request.Method, answer.StatusCode);
        if (answer.BodyStream is { } stream)
        {
            if (bodyAllowed) await CopyAsync(context, stream, logger).ConfigureAwait(false);
            return;
        }
        var body = answer.Body;
        if (!bodyAllowed)
        {
            // HEAD keeps the length the backend announced; 1xx, 204 and 304 have no body at all.
            if (HttpMethods.IsHead(context.Request.Method) && body.Length > 0) response.ContentLength = body.Length;
            return;
        }
        response.ContentLength = body.Length;
        if (body.Length > 0) await response.Body.WriteAsync(body, context.Aborted).ConfigureAwait(false);
    }

    /// <summary>Copies a streamed body as it arrives; if the backend fails midway the client's connection is cut, so a
    /// truncated body never looks complete.</summary>
    private static async Task CopyAsync(RequestContext context, Stream body, ILogger logger)
    {
        try
        {
            await body.CopyToAsync(context.Http.Response.Body, context.Aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            if (!context.Aborted.IsCancellationRequested)
                logger.LogWarning("pipeline {Pipeline}: the response body failed midway: {Error}", context.PipelineName, e.Message);
            context.Http.Abort();
        }
        finally
        {
            await body.DisposeAsync().ConfigureAwait(false);
        }
    }
}
