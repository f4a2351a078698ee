using System.Threading.Tasks.Sources;
using Easegress.Tracing;

namespace Easegress.Context;

/// <summary>
/// One message travelling through a pipeline graph, whatever its protocol: where in the flow it is (<see cref="Next"/>),
/// what the last filter said, and the completion its protocol's server waits for. An HTTP request, an MQTT packet or a
/// gRPC call is a subclass that adds what its filters read and change; the pipeline engine sees only this.
/// </summary>
public abstract class FlowContext : IValueTaskSource<FlowContext>
{
    private ManualResetValueTaskSourceCore<FlowContext> _completion;   // a mutable struct: never readonly
    private int _left;   // 1 once the message left the flow it was given to

    protected FlowContext(string pipelineName, RequestTrace? trace)
    {
        PipelineName = pipelineName;
        Trace = trace;
    }

    /// <summary>The protocol's name as filters and errors name it (<c>HTTP</c>, <c>MQTT</c>, <c>gRPC</c>).</summary>
    public abstract string Protocol { get; }

    /// <summary>Cancelled when the client has gone.</summary>
    public abstract CancellationToken Aborted { get; }

    /// <summary>The message's spans, when its server traces it; null otherwise.</summary>
    public RequestTrace? Trace { get; }

    public string PipelineName { get; }

    /// <summary>The failure of a filter that threw; the server answers as its protocol answers an internal error.</summary>
    public Exception? Error { get; internal set; }

    /// <summary>Index of the flow node to run next; the flow's length means END.</summary>
    internal int Next { get; set; }

    /// <summary>True when the last flow run <em>ended</em>: an END node, a jump to END, a non-empty result with no
    /// <c>jumpIf</c> entry, or a filter that threw; false when it ran past its last node. A global filter skips what
    /// follows an ended flow unless told to fall through.</summary>
    public bool Ended { get; internal set; }

    /// <summary>The result of the last filter that ran ("" for success).</summary>
    public string LastResult { get; internal set; } = "";

    /// <summary>After which results of the running filter a later flow node may use the response (set per flow node).</summary>
    public ResponseDemand ResponseDemand { get; internal set; } = ResponseDemand.None;

    /// <summary>Whether something after this flow (a global filter's <c>afterPipeline</c>) may use the response; picks
    /// the <see cref="ResponseDemand"/> a filter sees.</summary>
    internal bool ResponseUsedAfterFlow { get; set; }

    /// <summary>While set, a filter that could send the response on keeps one whose status this accepts in the context,
    /// so that a retry may still discard it.</summary>
    internal Func<int, bool>? KeepResponse { get; set; }

    /// <summary>Completes when the message leaves the flow it was last given to (renewed for every flow it enters), to be
    /// awaited once. Its continuation (the rest of the request) runs on the thread that completes it: see
    /// <see cref="Leave"/>. The context is its own source, so waiting for it allocates nothing.</summary>
    internal ValueTask<FlowContext> Completion => new(this, _completion.Version);

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
    /// Completes the message where it is: in the graph's sink, on the thread running the graph, or where its last filter
    /// finished asynchronously, without another pass of the graph. The rest of the request (writing the response,
    /// reading the next one) goes on on that thread.
    /// </summary>
    internal void Leave()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0) _completion.SetResult(this);
    }

    FlowContext IValueTaskSource<FlowContext>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<FlowContext>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<FlowContext>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _completion.OnCompleted(continuation, state, token, flags);
}
