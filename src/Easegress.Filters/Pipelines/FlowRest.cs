using Easegress.Filters;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>
/// The flow nodes after a wrapping filter (<see cref="IWrappingFilter"/>), run for one request inside that filter's
/// call: node after node, each as its stage would run it, until the flow ends. The stages those nodes have in the
/// graph then let the request pass, as they do for any request whose turn is not theirs.
/// </summary>
public sealed class FlowRest : IFlowRest
{
    private readonly FlowStepRunner _wrapper;
    private readonly IReadOnlyList<FlowStepRunner> _runners;
    private readonly int _end;

    internal FlowRest(FlowStepRunner wrapper, IReadOnlyList<FlowStepRunner> runners, int end)
    {
        _wrapper = wrapper;
        _runners = runners;
        _end = end;
    }

    /// <summary>Runs the rest of the flow from the node after the wrapping filter (its <c>jumpIf</c> for "" applies).</summary>
    /// <param name="keepResponse">The statuses whose responses a Proxy among the nodes keeps in the context (buffered)
    /// instead of streaming them to the client, so the wrapping filter may still discard them: a retry does.</param>
    /// <returns>The result of the last filter that ran.</returns>
    public async ValueTask<string> RunAsync(FlowContext context, Func<int, bool>? keepResponse = null)
    {
        context.Error = null;
        _wrapper.Advance(context, "");
        var kept = context.KeepResponse;
        context.KeepResponse = keepResponse ?? kept;
        try
        {
            while (context.Next < _end)
            {
                var runner = _runners[context.Next];
                if (runner.Rest is { } rest) await rest.WrapAsync(context).ConfigureAwait(false);
                else if (runner.Filter is IAsyncFilter) await runner.RunAsync(context).ConfigureAwait(false);
                else runner.RunSync(context);
            }
        }
        finally
        {
            context.KeepResponse = kept;
        }
        return context.LastResult;
    }

    /// <summary>Runs the wrapping filter itself on a request whose turn it is.</summary>
    internal async ValueTask WrapAsync(FlowContext context)
    {
        context.ResponseDemand = _wrapper.DemandFor(context);
        var run = _wrapper.Begin(context, wraps: true);
        string result;
        try { result = await ((IWrappingFilter)_wrapper.Filter!).HandleAsync(context, this).ConfigureAwait(false); }
        catch (Exception e)
        {
            _wrapper.Fail(context, e);
            _wrapper.End(run, context, context.LastResult);
            return;
        }
        _wrapper.End(run, context, result);
        if (context.Next == _wrapper.Index) _wrapper.Advance(context, result);   // the rest did not run
        else if (result != context.LastResult)
        {
            context.LastResult = result;
            context.Next = _end;
            context.Ended = true;
        }
    }
}
