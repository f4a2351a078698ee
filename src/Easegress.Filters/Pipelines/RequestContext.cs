using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Pipelines;

/// <summary>
/// One request travelling through a pipeline graph. It carries the client's <see cref="HttpContext"/> (filters
/// adapt the request in place), the response a filter decided on (<see cref="Response"/>), and where in the flow it
/// is (<see cref="Next"/>). It completes its own <see cref="Completion"/> when it leaves the graph.
/// </summary>
public sealed class RequestContext : IValueTaskSource<RequestContext>
{
    private ManualResetValueTaskSourceCore<RequestContext> _completion;   // a mutable struct: never readonly
    private int _left;   // 1 once the request left the flow it was given to

    public RequestContext(HttpContext http, string pipelineName)
    {
        Http = http;
        PipelineName = pipelineName;
        Trace = http.Features.Get<Tracing.RequestTrace>();
    }

    /// <summary>The request's spans, when its HTTP server traces it; null otherwise.</summary>
    public Tracing.RequestTrace? Trace { get; }

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

    /// <summary>True when the last flow run <em>ended</em> (§D): an END node, a jump to END, a non-empty result with no
    /// <c>jumpIf</c> entry, or a filter that threw; false when it ran past its last node. A global filter skips what
    /// follows an ended flow unless told to fall through.</summary>
    public bool Ended { get; internal set; }

    /// <summary>Whether something after this flow (a global filter's <c>afterPipeline</c>) may use the response; picks
    /// the <see cref="ResponseDemand"/> a Proxy sees.</summary>
    internal bool ResponseUsedAfterFlow { get; set; }

    /// <summary>While set, a Proxy keeps a response whose status this accepts in the context instead of streaming it to
    /// the client, so that a retry may still discard it.</summary>
    internal Func<int, bool>? KeepResponse { get; set; }

    /// <summary>The result of the last filter that ran ("" for success).</summary>
    public string LastResult { get; internal set; } = "";

    /// <summary>After which results of the running filter a later flow node may use the response (set per flow node).</summary>
    public ResponseDemand ResponseDemand { get; internal set; } = ResponseDemand.None;

    /// <summary>Completes when the request leaves the flow it was last given to (renewed for every flow it enters), to be
    /// awaited once. Its continuation (the rest of the request) runs on the thread that completes it: see
    /// <see cref="Leave"/>. The context is its own source, so waiting for it allocates nothing.</summary>
    internal ValueTask<RequestContext> Completion => new(this, _completion.Version);

    /// <summary>Readies the context for another flow: from its first node, with a fresh completion.</summary>
    internal void EnterFlow()
    {
        Next = 0;
        Ended = false;
        if (_left == 0) return;
        _completion.Reset();
        _left = 0;
    }

    /// <summary>
    /// Completes the request where it is: in the graph's sink, on the thread running the graph (the thread that last
    /// sent the graph a message, <see cref="RequestThreadDispatcher"/>), or where its last filter finished
    /// asynchronously (<see cref="AsyncFilterStage"/>), without another pass of the graph. The rest of the request
    /// (writing the response, reading the next one) goes on on that thread.
    /// </summary>
    internal void Leave()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0) _completion.SetResult(this);
    }

    RequestContext IValueTaskSource<RequestContext>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<RequestContext>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<RequestContext>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _completion.OnCompleted(continuation, state, token, flags);

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

    /// <summary>Puts back the response an earlier moment had (a retry starts over); a newer one is released.</summary>
    internal void RestoreResponse(PipelineResponse? earlier)
    {
        if (!ReferenceEquals(Response, earlier)) Response?.SetBody(ReadOnlyMemory<byte>.Empty);
        Response = earlier;
    }

    public void MarkResponseSent() => ResponseSent = true;
}
