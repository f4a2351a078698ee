using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Pipelines;

/// <summary>
/// One request travelling through a pipeline graph. It carries the client's <see cref="HttpContext"/> (filters
/// adapt the request in place), the response a filter decided on (<see cref="Response"/>), and where in the flow it
/// is (<see cref="Next"/>). It completes its own <see cref="Completion"/> when it leaves the graph.
/// </summary>
public sealed class RequestContext
{
    public RequestContext(HttpContext http, string pipelineName)
    {
        Http = http;
        PipelineName = pipelineName;
    }

    public HttpContext Http { get; }
    public HttpRequest Request => Http.Request;
    public string PipelineName { get; }
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The response so far (a filter's answer, or the backend's captured by a Proxy); written by the server
    /// after the pipeline. Null until a filter answers.</summary>
    public PipelineResponse? Response { get; private set; }

    /// <summary>True once a filter (Proxy) has streamed the response to the client itself.</summary>
    public bool ResponseSent { get; private set; }

    /// <summary>The failure of a filter that threw; the server answers 500.</summary>
    public Exception? Error { get; internal set; }

    /// <summary>Index of the flow node to run next; the flow's length means END.</summary>
    internal int Next { get; set; }

    /// <summary>The result of the last filter that ran ("" for success).</summary>
    public string LastResult { get; internal set; } = "";

    /// <summary>After which results of the running filter a later flow node may use the response (set per flow node).</summary>
    public ResponseDemand ResponseDemand { get; internal set; } = ResponseDemand.None;

    internal TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers with a new response, replacing any earlier one.</summary>
    public PipelineResponse Respond(int statusCode, string? body = null)
    {
        var response = new PipelineResponse(statusCode);
        response.SetBody(body);
        Respond(response);
        return response;
    }

    /// <summary>Makes <paramref name="response"/> the response, replacing any earlier one.</summary>
    public void Respond(PipelineResponse response)
    {
        if (!ReferenceEquals(Response, response)) Response?.SetBody(ReadOnlyMemory<byte>.Empty);   // releases a streamed body
        Response = response;
    }

    public void MarkResponseSent() => ResponseSent = true;
}
