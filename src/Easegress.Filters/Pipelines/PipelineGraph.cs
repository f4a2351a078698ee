using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Supervision;
using Easegress.Filters.Filters;
using Easegress.Filters.Statistics;

namespace Easegress.Filters.Pipelines;

/// <summary>
/// One version of a pipeline, materialized once as an Akka.Streams graph: an entrance (<see cref="PipelineEntrance"/>), one stage per flow
/// node (synchronous filters as <see cref="FilterStage"/>, waiting filters as an unordered async stage with
/// bounded parallelism) and a sink that completes each request. Draining closes the entrance, lets the
/// requests inside finish, then disposes the filters.
/// </summary>
public sealed class PipelineGraph
{
    /// <summary>How many requests one waiting filter serves at once (Easegress's default maxConnections).</summary>
    public const int AsyncParallelism = 10240;

    private readonly PipelineEntrance.Door _entrance;
    private readonly Task _finished;
    private readonly IReadOnlyList<FlowStepRunner> _runners;

    private PipelineGraph(PipelineEntrance.Door entrance, Task finished, IReadOnlyList<FlowStepRunner> runners)
    {
        _entrance = entrance;
        _finished = finished;
        _runners = runners;
    }

    public static PipelineGraph Materialize(PipelineDefinition definition, FilterEnvironment environment, IMaterializer materializer)
    {
        var end = definition.Steps.Count;
        var runners = new List<FlowStepRunner>(end);
        var demands = ResponseDemand.Of(definition);
        var demandsWhenUsedAfter = ResponseDemand.Of(definition, usedAfterEnd: true);
        try
        {
            for (var i = 0; i < end; i++)
            {
                var step = definition.Steps[i];
                runners.Add(new FlowStepRunner(i, step, step.Kind?.Create(step.Spec!, environment), end, demands[i], demandsWhenUsedAfter[i])
                    { Stat = new(environment.Time) });
            }
        }
        catch
        {
            foreach (var r in runners) r.Filter?.Dispose();
            throw;
        }

        foreach (var runner in runners)
            if (runner.Filter is IWrappingFilter) runner.Rest = new FlowRest(runner, runners, end);

        var flow = Flow.Create<RequestContext>();
        foreach (var runner in runners)
        {
            flow = runner.Filter is IAsyncFilter or IWrappingFilter
                ? flow.SelectAsyncUnordered(AsyncParallelism, runner.RunStageAsync)
                : flow.Via(new FilterStage(runner));
        }

        var (entrance, done) = Source.FromGraph(new PipelineEntrance())
            .Via(flow)
            .ToMaterialized(Sink.ForEach<RequestContext>(c => c.LeaveGraph()), Keep.Both)
            .WithAttributes(ActorAttributes.CreateSupervisionStrategy(_ => Directive.Resume)
                .And(ActorAttributes.CreateDispatcher(RequestThreadDispatcher.Id)))
            .Run(materializer);
        return new PipelineGraph(entrance, done, runners);
    }

    public IEnumerable<(string Label, IFilter Filter)> Filters =>
        _runners.Where(r => r.Filter is not null).Select(r => (r.Label, r.Filter!));

    /// <summary>Each filter's statistics in this version, in flow order.</summary>
    public IEnumerable<(string Label, string Kind, HttpStat Stat)> FilterStats =>
        _runners.Where(r => r.Filter is not null).Select(r => (r.Label, r.KindName, r.Stat));

    /// <summary>Runs the request through the graph. False when this version is draining: use the current one.</summary>
    public async ValueTask<bool> TryRunAsync(RequestContext context)
    {
        context.EnterFlow();
        if (!_entrance.TryEnter(context)) return false;
        await context.Completion.Task.ConfigureAwait(false);
        return true;
    }

    /// <summary>Stops taking requests, waits for those inside (up to <paramref name="timeout"/>), then disposes the filters.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _entrance.Close();
        await Task.WhenAny(_finished, Task.Delay(timeout)).ConfigureAwait(false);
        foreach (var runner in _runners) runner.Filter?.Dispose();
    }
}
