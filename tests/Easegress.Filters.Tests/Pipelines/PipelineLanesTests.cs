using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Streams;
using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>Lanes take threads in turn: the lane test must not share the turns with tests running beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}

/// <summary>
/// How requests run through a pipeline's graph: each thread's requests in a lane of their own, on that thread;
/// requests held by a waiting filter leave from where it finishes, and draining waits for them.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class PipelineLanesTests : IDisposable
{
    private readonly ActorSystem _system = GraphActors.Create("lanes");
    private readonly ConcurrentQueue<(int Caller, int Ran)> _probed = new();
    private readonly SemaphoreSlim _gate = new(0);

    public void Dispose()
    {
        _system.Dispose();
        _gate.Dispose();
    }

    private PipelineGraph Materialize(string flow)
    {
        var registry = new FilterRegistry([new ProbeKind(_probed), new GateKind(_gate)]);
        var spec = SpecBinder.Bind<PipelineSpec>(SpecDocument.ParseObject($$"""
            name: lanes
            kind: Pipeline
            flow: {{flow}}
            filters: [{name: probe, kind: Probe}, {name: gate, kind: Gate}]
            """));
        return PipelineGraph.Materialize(PipelineDefinition.Validate(spec, registry), FilterEnvironment.Create(), _system.Materializer());
    }

    private static RequestContext Request()
    {
        var http = new DefaultHttpContext();
        http.Items["caller"] = Environment.CurrentManagedThreadId;
        return new RequestContext(http, "lanes");
    }

    [Fact]
    public void EachThreadsRequestsRunOnThatThreadEvenWhenThreadsSendAtOnce()
    {
        Assert.True(Environment.ProcessorCount >= 2, "lanes need two cores to be told apart");
        var graph = Materialize("[{filter: probe}]");
        // a lane is materialized by its first request, whose graph actor starts on the materializer's thread
        using var start = new Barrier(2, _ => _probed.Clear());
        var senders = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            Assert.True(graph.TryRunAsync(Request()).AsTask().Wait(TimeSpan.FromSeconds(10)));
            start.SignalAndWait();
            for (var i = 0; i < 5_000; i++)
                Assert.True(graph.TryRunAsync(Request()).AsTask().Wait(TimeSpan.FromSeconds(10)));
        })).ToList();
        foreach (var s in senders) s.Start();
        foreach (var s in senders) s.Join();

        Assert.Equal(10_000, _probed.Count);
        Assert.All(_probed, p => Assert.Equal(p.Caller, p.Ran));
    }

    [Fact]
    public async Task RequestsLeaveAWaitingFilterFromManyThreadsAllOnce()
    {
        var graph = Materialize("[{filter: gate}]");
        var runs = Enumerable.Range(0, 2_000).Select(_ => Task.Run(async () => await graph.TryRunAsync(Request()))).ToList();
        _gate.Release(2_000);

        Assert.All(await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(30)), Assert.True);
    }

    [Fact]
    public async Task ARequestTheWaitingFilterReleasesGoesOnToTheNextNode()
    {
        var graph = Materialize("[{filter: gate}, {filter: probe}]");
        var run = graph.TryRunAsync(Request()).AsTask();
        await Task.Delay(100);
        Assert.Empty(_probed);

        _gate.Release();
        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(_probed);
    }

    [Fact]
    public async Task DrainingWaitsForTheRequestsAWaitingFilterHolds()
    {
        var graph = Materialize("[{filter: gate}]");
        var held = Enumerable.Range(0, 3).Select(_ => graph.TryRunAsync(Request()).AsTask()).ToList();
        await Task.Delay(100);

        var drained = graph.DrainAsync(TimeSpan.FromSeconds(20));
        Assert.False(await graph.TryRunAsync(Request()));   // closed to new requests
        await Task.Delay(300);
        Assert.False(drained.IsCompleted);

        _gate.Release(3);
        await drained.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(await Task.WhenAll(held), Assert.True);
    }

    private sealed class NoSpec : FilterSpec;

    private sealed class ProbeKind(ConcurrentQueue<(int, int)> probed) : FilterKind<NoSpec>
    {
        public override string Name => "Probe";
        public override string Description => "records the thread it runs on";
        public override IReadOnlyList<string> Results => [];
        protected override IFilter Create(NoSpec spec, FilterEnvironment environment) => new Probe(probed);
    }

    private sealed class Probe(ConcurrentQueue<(int, int)> probed) : ISyncFilter<RequestContext>
    {
        public string Handle(RequestContext context)
        {
            probed.Enqueue(((int)context.Http.Items["caller"]!, Environment.CurrentManagedThreadId));
            return "";
        }

        public void Dispose() { }
    }

    private sealed class GateKind(SemaphoreSlim gate) : FilterKind<NoSpec>
    {
        public override string Name => "Gate";
        public override string Description => "waits for the test to let each request through";
        public override IReadOnlyList<string> Results => [];
        protected override IFilter Create(NoSpec spec, FilterEnvironment environment) => new Gate(gate);
    }

    private sealed class Gate(SemaphoreSlim gate) : IAsyncFilter<RequestContext>
    {
        public async ValueTask<string> HandleAsync(RequestContext context)
        {
            await gate.WaitAsync();
            return "";
        }

        public void Dispose() { }
    }
}
