using Easegress.Context;
using Easegress.Pipelines;
using Easegress.Objects.Pipeline;
using Microsoft.Extensions.Logging;

namespace Easegress.Objects.GlobalFilter;

/// <summary>
/// A <c>GlobalFilter</c> on this node: its <c>beforePipeline</c> and <c>afterPipeline</c>, each materialized as a
/// pipeline graph, run around the pipeline an HTTPServer matched. When <c>before</c> ends, the pipeline (and
/// <c>after</c>) is skipped unless <c>fallthrough.beforePipeline</c>; when the pipeline ends, <c>after</c> is skipped
/// unless <c>fallthrough.pipeline</c>. An update swaps both graphs at once; the old ones drain in the background.
/// </summary>
public sealed class GlobalFilterRuntime : ITrafficObject
{
    private readonly TrafficEnvironment _environment;
    private readonly ILogger _logger;
    private volatile FilterVersion _current;

    /// <param name="AfterUsesResponse">Whether <c>after</c> may use the pipeline's response, so its Proxies must hand
    /// it over instead of streaming it to the client.</param>
    private sealed record FilterVersion(PipelineGraph? Before, PipelineGraph? After, FallthroughSpec Fallthrough, bool AfterUsesResponse);

    public GlobalFilterRuntime(GlobalFilterDefinition definition, TrafficEnvironment environment)
    {
        Name = definition.Name;
        _environment = environment;
        _logger = environment.LoggerFactory.CreateLogger("GlobalFilter");
        _current = Materialize(definition);
        environment.Directory<GlobalFilterRuntime>().Add(Name, this);
    }

    public string Name { get; }

    /// <summary>Runs <c>before</c>, the pipeline and <c>after</c> for one message (whose context names the pipeline);
    /// the response is left in the context.</summary>
    public async Task HandleAsync(FlowContext context, PipelineRuntime pipeline)
    {
        var version = _current;
        if (version.Before is not null)
        {
            // the pipeline or after may use (or replace) whatever before answered
            context.ResponseUsedAfterFlow = true;
            await RunAsync(v => v.Before, context).ConfigureAwait(false);
            if (context.Ended && !version.Fallthrough.BeforePipeline) return;
        }

        context.ResponseUsedAfterFlow = version.After is not null && version.AfterUsesResponse;
        await pipeline.RunAsync(context).ConfigureAwait(false);
        if (version.After is null || (context.Ended && !version.Fallthrough.Pipeline)) return;

        context.ResponseUsedAfterFlow = false;
        await RunAsync(v => v.After, context).ConfigureAwait(false);
    }

    public Task UpdateAsync(object spec)
    {
        var next = Materialize((GlobalFilterDefinition)spec);
        var old = Interlocked.Exchange(ref _current, next);
        _ = DrainAsync(old);
        return Task.CompletedTask;
    }

    public object Status() => new Dictionary<string, object?>
    {
        ["health"] = "ok",
        ["beforePipeline"] = FiltersOf(_current.Before),
        ["afterPipeline"] = FiltersOf(_current.After),
    };

    public async ValueTask DisposeAsync()
    {
        _environment.Directory<GlobalFilterRuntime>().Remove(Name, this);
        await DrainAsync(_current).ConfigureAwait(false);
    }

    /// <summary>Runs one of the flows of the current version. While the global filter is being deleted, the request
    /// goes on without it, as it does once the filter is gone.</summary>
    private async Task RunAsync(Func<FilterVersion, PipelineGraph?> flowOf, FlowContext context)
    {
        if (PipelineGraph.EnterCurrent((Runtime: this, FlowOf: flowOf), static s => s.FlowOf(s.Runtime._current), context))
            await context.Completion.ConfigureAwait(false);
    }

    private FilterVersion Materialize(GlobalFilterDefinition definition)
    {
        var before = definition.Before is { } b ? PipelineGraph.Materialize(b, _environment.Filters, _environment.Materializer) : null;
        try
        {
            var after = definition.After is { } a ? PipelineGraph.Materialize(a, _environment.Filters, _environment.Materializer) : null;
            return new FilterVersion(before, after, definition.Fallthrough, definition.After is { } flow && ResponseDemands.UsedBy(flow));
        }
        catch
        {
            if (before is not null) _ = before.DrainAsync(TimeSpan.Zero);
            throw;
        }
    }

    private static Dictionary<string, object?>? FiltersOf(PipelineGraph? graph) =>
        graph?.Filters.ToDictionary(f => f.Label, f => (object?)f.Filter.Status());

    private async Task DrainAsync(FilterVersion version)
    {
        try
        {
            await Task.WhenAll(
                version.Before?.DrainAsync(_environment.DrainTimeout) ?? Task.CompletedTask,
                version.After?.DrainAsync(_environment.DrainTimeout) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (Exception e) { _logger.LogWarning("global filter {Name}: draining an old version failed: {Error}", Name, e.Message); }
    }
}
