using System.Runtime.CompilerServices;
using Akka.Streams;
using Akka.Streams.Stage;
using Easegress.Filters;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>
/// A synchronous flow node as a graph stage: runs its filter on the requests whose turn it is and passes every
/// other request through untouched. A null filter is an explicit END node.
/// </summary>
internal sealed class FilterStage(FlowStepRunner runner) : FlowNodeStage(runner)
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly FilterStage _stage;

        public Logic(FilterStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void OnPush()
        {
            var context = Grab(_stage.In);
            if (context.Next == _stage.Runner.Index) _stage.Runner.RunSync(context);
            Push(_stage.Out, context);
        }

        public override void OnPull() => Pull(_stage.In);
    }
}

/// <summary>Runs one flow node's filter and decides where the request goes next.</summary>
internal sealed partial class FlowStepRunner(int index, FlowStep step, IFilter? filter, int end, ResponseDemand? demand,
    ResponseDemand? demandWhenUsedAfter)
{
    private readonly ResponseDemand _demand = demand ?? ResponseDemand.None;
    private readonly ResponseDemand _demandWhenUsedAfter = demandWhenUsedAfter ?? ResponseDemand.None;
    private readonly IReadOnlyList<string> _declared = step.Kind?.Results ?? [];

    public int Index { get; } = index;
    /// <summary>The index past the flow's last node: a request whose next node is this is done.</summary>
    public int FlowEnd { get; } = end;
    public string Label => step.Label;
    public string KindName => step.Kind?.Name ?? "";
    public IFilter? Filter { get; } = filter;

    /// <summary>The flow after this node, when its filter wraps it (<see cref="IWrappingFilter"/>).</summary>
    public FlowRest? Rest { get; set; }

    public void RunSync(FlowContext context)
    {
        if (Filter is null) { context.Next = FlowEnd; context.Ended = true; return; }
        context.ResponseDemand = DemandFor(context);
        var run = Begin(context);
        string result;
        try { result = ((ISyncFilter)Filter).Handle(context); }
        catch (Exception e) { Fail(context, e); End(run, context, context.LastResult); return; }
        End(run, context, result);
        Advance(context, result);
    }

    /// <summary>Starts this node's waiting filter (asynchronous or wrapping) on the request, for its stage.</summary>
    public ValueTask StartAsync(FlowContext context) => Rest is not null ? Rest.WrapAsync(context) : RunAsync(context);

    /// <summary>Runs this node's asynchronous filter on the request (from its stage, or from a wrapping filter's
    /// <see cref="FlowRest"/>).</summary>
    // a pooled state machine, reused when a free one is at hand (every call is awaited exactly once)
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(FlowContext context)
    {
        context.ResponseDemand = DemandFor(context);
        var run = Begin(context);
        string result;
        try { result = await ((IAsyncFilter)Filter!).HandleAsync(context).ConfigureAwait(false); }
        catch (Exception e) { Fail(context, e); End(run, context, context.LastResult); return; }
        End(run, context, result);
        Advance(context, result);
    }

    internal ResponseDemand DemandFor(FlowContext context) => context.ResponseUsedAfterFlow ? _demandWhenUsedAfter : _demand;

    internal void Advance(FlowContext context, string result)
    {
        if (result.Length > 0 && !_declared.Contains(result)) { Fail(context, UndeclaredResult(result)); return; }
        context.LastResult = result;
        context.Next = step.NextAfter(Index, result, FlowEnd);
        // running past the last node on "" completes the flow; reaching its end any other way ends it
        if (context.Next == FlowEnd) context.Ended = step.Jumps.ContainsKey(result) || result.Length > 0;
    }

    /// <summary>A filter returned a result its kind does not declare: a bug in the filter, answered as a failure (so
    /// that no <c>jumpIf</c> silently misses it) with a message that names it.</summary>
    private InvalidOperationException UndeclaredResult(string result) =>
        new($"filter {Label} (kind {KindName}) returned result \"{result}\", which its kind does not declare");

    internal void Fail(FlowContext context, Exception error)
    {
        context.Error = error;
        context.LastResult = "internalError";
        context.Next = FlowEnd;
        context.Ended = true;
    }
}
