using Easegress.Filters.Pipelines;

namespace Easegress.Filters.Filters;

/// <summary>
/// A filter that runs the rest of the flow inside itself, as Easegress v1's resilience filters did: a circuit breaker
/// around it, retries of it, a time limit on it. Runs in an asynchronous stage like <see cref="IAsyncFilter"/>.
/// </summary>
public interface IWrappingFilter : IFilter
{
    /// <summary>
    /// Handles the request, running the flow nodes after this one through <paramref name="rest"/> as often as it
    /// likes (never concurrently), or not at all. When the rest ran, its outcome stands unless this returns a different
    /// result, which then ends the flow; when it did not run, the result decides where the flow goes, as any
    /// filter's does.
    /// </summary>
    ValueTask<string> HandleAsync(RequestContext context, FlowRest rest);
}
