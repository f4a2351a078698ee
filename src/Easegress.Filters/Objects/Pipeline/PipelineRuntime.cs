using Easegress.Statistics;
using Microsoft.Extensions.Logging;
using Easegress.Pipelines;
using Easegress.Context;

namespace Easegress.Objects.Pipeline;

/// <summary>
/// A pipeline on this node: the current graph takes every new request; on update a new graph is materialized
/// and swapped in at once, and the old one drains its in-flight requests in the background.
/// </summary>
public sealed class PipelineRuntime : ITrafficObject, IMetricSource
{
    private readonly TrafficEnvironment _environment;
    private readonly ILogger _logger;
    private volatile PipelineGraph _graph;

    public PipelineRuntime(PipelineDefinition definition, TrafficEnvironment environment)
    {
        Name = definition.Name;
        _environment = environment;
        _logger = environment.LoggerFactory.CreateLogger("Pipeline");
        _graph = PipelineGraph.Materialize(definition, environment.Filters, environment.Materializer);
        environment.Directory<PipelineRuntime>().Add(Name, this);
    }

    public string Name { get; }

    /// <summary>Runs a message of any protocol through the current version; the outcome (an HTTP response, say) is left
    /// in the context. Untraced, this is the context's own completion: no state machine per request. A message that
    /// comes while the pipeline is being deleted is not run: it has no response, which the server answers with 503.</summary>
    public ValueTask<FlowContext> RunAsync(FlowContext context)
    {
        if (context.Trace is not null) return RunTracedAsync(context);
        return Enter(context) ? context.Completion : ValueTask.FromResult(context);
    }

    private async ValueTask<FlowContext> RunTracedAsync(FlowContext context)
    {
        var span = context.Trace!.StartPipeline(Name);
        if (Enter(context)) await context.Completion.ConfigureAwait(false);
        if (span is not null) context.Trace!.EndPipeline(span, context.LastResult);
        return context;
    }

    private bool Enter(FlowContext context) => PipelineGraph.EnterCurrent(this, static p => p._graph, context);

    public Task UpdateAsync(object spec)
    {
        var next = PipelineGraph.Materialize((PipelineDefinition)spec, _environment.Filters, _environment.Materializer);
        var old = Interlocked.Exchange(ref _graph, next);
        _ = DrainAsync(old);
        return Task.CompletedTask;
    }

    public object Status()
    {
        var graph = _graph;
        return new Dictionary<string, object?>
        {
            ["health"] = "ok",
            ["filters"] = graph.Filters.ToDictionary(f => f.Label, f => f.Filter.Status()),
            ["filterStats"] = graph.FilterStats.ToDictionary(f => f.Label, f => FilterMetrics.StatusOf(f.Stat.Snapshot())),
        };
    }

    public void CollectMetrics(MetricFamilies metrics, Labels node)
    {
        var graph = _graph;
        var labels = node.With("pipeline", Name);
        foreach (var filter in graph.FilterStats)
            FilterMetrics.Collect(metrics, labels, filter.Label, filter.Kind, filter.Stat.Snapshot());
        foreach (var filter in graph.Filters)
            if (filter.Filter is IMetricSource source) source.CollectMetrics(metrics, labels);
    }

    public async ValueTask DisposeAsync()
    {
        _environment.Directory<PipelineRuntime>().Remove(Name, this);
        await DrainAsync(_graph).ConfigureAwait(false);
    }

    private async Task DrainAsync(PipelineGraph graph)
    {
        try { await graph.DrainAsync(_environment.DrainTimeout).ConfigureAwait(false); }
        catch (Exception e) { _logger.LogWarning("pipeline {Name}: draining an old version failed: {Error}", Name, e.Message); }
    }
}
