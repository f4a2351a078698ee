using Easegress.Threading;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Supervision;
using Easegress.Filters;
using Easegress.Statistics;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>
/// One version of a pipeline as an Akka.Streams graph: an entrance (<see cref="PipelineEntrance"/>), one stage per flow
/// node (synchronous filters as <see cref="FilterStage"/>, waiting filters as <see cref="AsyncFilterStage"/>, unordered
/// with bounded parallelism) and a sink that completes each request. The graph is materialized once per lane
/// (<see cref="RequestLanes"/>), lazily: requests from one socket thread enter one lane, which runs on that thread, so
/// threads never queue behind each other's requests. The lanes share the filters (which are safe to call from several
/// threads at once). Draining closes every lane's entrance, lets the requests inside finish, then disposes the filters.
/// </summary>
public sealed class PipelineGraph
{
    /// <summary>How many requests one waiting filter serves at once (Easegress's default maxConnections).</summary>
    public const int AsyncParallelism = 10240;

    private readonly IRunnableGraph<(PipelineEntrance.Door, Task<Done>)> _blueprint;
    private readonly IMaterializer _materializer;
    private readonly IReadOnlyList<FlowStepRunner> _runners;
    private readonly Lane?[] _lanes = new Lane?[RequestLanes.Count];
    private readonly Lock _gate = new();
    private bool _draining;

    private PipelineGraph(IRunnableGraph<(PipelineEntrance.Door, Task<Done>)> blueprint, IMaterializer materializer, IReadOnlyList<FlowStepRunner> runners)
    {
        _blueprint = blueprint;
        _materializer = materializer;
        _runners = runners;
    }

    public static PipelineGraph Materialize(PipelineDefinition definition, FilterEnvironment environment, IMaterializer materializer)
    {
        var end = definition.Steps.Count;
        var runners = new List<FlowStepRunner>(end);
        var demands = ResponseDemands.Of(definition);
        var demandsWhenUsedAfter = ResponseDemands.Of(definition, usedAfterEnd: true);
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

        var flow = Flow.Create<FlowContext>();
        foreach (var runner in runners)
        {
            flow = runner.Filter is IAsyncFilter or IWrappingFilter
                ? flow.Via(new AsyncFilterStage(runner, AsyncParallelism))
                : flow.Via(new FilterStage(runner));
        }

        var blueprint = Source.FromGraph(new PipelineEntrance())
            .Via(flow)
            .ToMaterialized(Sink.ForEach<FlowContext>(c => c.Leave()), Keep.Both)
            .WithAttributes(ActorAttributes.CreateSupervisionStrategy(_ => Directive.Resume)
                .And(ActorAttributes.CreateDispatcher(RequestThreadDispatcher.Id)));
        var graph = new PipelineGraph(blueprint, materializer, runners);
        graph.EntranceOf(0);   // one lane at once: a graph that cannot run fails the update, not a request
        return graph;
    }

    public IEnumerable<(string Label, IFilter Filter)> Filters =>
        _runners.Where(r => r.Filter is not null).Select(r => (r.Label, r.Filter!));

    /// <summary>Each filter's statistics in this version, in flow order.</summary>
    public IEnumerable<(string Label, string Kind, HttpStat Stat)> FilterStats =>
        _runners.Where(r => r.Filter is not null).Select(r => (r.Label, r.KindName, r.Stat));

    /// <summary>Gives the request to this thread's lane, to leave through its <see cref="FlowContext.Completion"/>
    /// (which may have completed already, when every filter it met was synchronous). False when this version is
    /// draining: use the current one.</summary>
    public bool TryEnter(FlowContext context)
    {
        context.EnterFlow();
        return EntranceOf(RequestLanes.OfThisThread) is { } entrance && entrance.TryEnter(context);
    }

    /// <summary>
    /// Gives the request to the current version of a flow, which <paramref name="current"/> reads from its
    /// <paramref name="owner"/> (a pipeline, a global filter). A version that closed its entrance during an update
    /// refuses it, and the next one is already in place. False when there is no current version, or when it refuses
    /// the request and stays current: its owner is being deleted.
    /// </summary>
    public static bool EnterCurrent<TOwner>(TOwner owner, Func<TOwner, PipelineGraph?> current, FlowContext context)
    {
        while (current(owner) is { } graph)
        {
            if (graph.TryEnter(context)) return true;
            if (ReferenceEquals(graph, current(owner))) return false;
        }
        return false;
    }

    /// <summary>The lane's entrance, materialized on first use; null once draining.</summary>
    private PipelineEntrance.Door? EntranceOf(int lane)
    {
        if (Volatile.Read(ref _lanes[lane]) is { } open) return open.Entrance;
        lock (_gate)
        {
            if (_draining) return null;
            if (_lanes[lane] is null)
            {
                var (entrance, finished) = _blueprint.Run(_materializer);
                Volatile.Write(ref _lanes[lane], new Lane(entrance, finished));
            }
            return _lanes[lane]!.Entrance;
        }
    }

    private sealed record Lane(PipelineEntrance.Door Entrance, Task Finished);

    /// <summary>Stops taking requests, waits for those inside (up to <paramref name="timeout"/>), then disposes the filters.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var finished = new List<Task>();
        lock (_gate)
        {
            _draining = true;
            foreach (var lane in _lanes)
            {
                if (lane is not { } open) continue;
                open.Entrance.Close();
                finished.Add(open.Finished);
            }
        }
        await Task.WhenAny(Task.WhenAll(finished), Task.Delay(timeout)).ConfigureAwait(false);
        foreach (var runner in _runners) runner.Filter?.Dispose();
    }
}
