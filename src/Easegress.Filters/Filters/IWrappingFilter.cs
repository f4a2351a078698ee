using Easegress.Context;

namespace Easegress.Filters;

/// <summary>
/// A filter that runs the rest of the flow inside itself, as Easegress v1's resilience filters did: a circuit breaker
/// around it, retries of it, a time limit on it. Runs in an asynchronous stage like <see cref="IAsyncFilter"/>. The
/// engine calls it through this interface; a filter implements <see cref="IWrappingFilter{TContext}"/>.
/// </summary>
public interface IWrappingFilter : IFilter
{
    /// <summary>
    /// Handles the message, running the flow nodes after this one through <paramref name="rest"/> as often as it
    /// likes (never concurrently), or not at all. When the rest ran, its outcome stands unless this returns a different
    /// result, which then ends the flow; when it did not run, the result decides where the flow goes, as any
    /// filter's does.
    /// </summary>
    ValueTask<string> HandleAsync(FlowContext context, IFlowRest rest);
}

/// <summary>A wrapping filter of one protocol's messages.</summary>
public interface IWrappingFilter<in TContext> : IWrappingFilter where TContext : FlowContext
{
    /// <inheritdoc cref="IWrappingFilter.HandleAsync"/>
    ValueTask<string> HandleAsync(TContext context, IFlowRest rest);

    ValueTask<string> IWrappingFilter.HandleAsync(FlowContext context, IFlowRest rest) =>
        context is TContext own ? HandleAsync(own, rest) : throw ProtocolMismatchException.For(this, context, typeof(TContext));
}

/// <summary>The flow nodes after a wrapping filter, which it runs as often as it likes.</summary>
public interface IFlowRest
{
    /// <summary>Runs the rest of the flow on <paramref name="context"/> and returns the last result. While it runs,
    /// <paramref name="keepResponse"/> (when given) tells a filter that could send the response on which statuses to
    /// keep in the context instead, so that the wrapper may still discard them.</summary>
    ValueTask<string> RunAsync(FlowContext context, Func<int, bool>? keepResponse = null);
}
