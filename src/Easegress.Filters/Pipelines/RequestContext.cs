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

    /// <summary>The answer decided by a filter (Validator's 400, a mock, ...); written by the server after the pipeline.</summary>
    public ResponseDraft? Response { get; private set; }

    /// <summary>True once a filter (Proxy) has streamed the response to the client itself.</summary>
    public bool ResponseSent { get; private set; }

    /// <summary>The failure of a filter that threw; the server answers 500.</summary>
    public Exception? Error { get; internal set; }

    /// <summary>Index of the flow node to run next; the flow's length means END.</summary>
    internal int Next { get; set; }

    /// <summary>The result of the last filter that ran ("" for success).</summary>
    public string LastResult { get; internal set; } = "";

    internal TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResponseDraft Respond(int statusCode, string? body = null)
    {
        Response = new ResponseDraft(statusCode) { Body = body };
        return Response;
    }

    public void MarkResponseSent() => ResponseSent = true;
}

/// <summary>A response decided by a filter but not written yet.</summary>
public sealed class ResponseDraft(int statusCode)
{
    public int StatusCode { get; set; } = statusCode;
    public HeaderDictionary Headers { get; } = new();
    public string? Body { get; set; }
}
