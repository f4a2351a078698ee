using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.HttpServers;

/// <summary>Writes what a pipeline decided: nothing if a filter streamed the response, the filter's answer, 500
/// when a filter failed, or 503 when the pipeline ended with no response (§C).</summary>
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
        if (context.Response is not { } draft)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        response.StatusCode = draft.StatusCode;
        foreach (var (name, value) in draft.Headers) response.Headers[name] = value;
        if (draft.Body is { Length: > 0 } body) await response.WriteAsync(body, context.Aborted).ConfigureAwait(false);
    }
}
