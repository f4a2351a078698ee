using Easegress.Context;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>The door requests enter a pipeline graph by: nothing lost, nothing twice, nothing after it closes.</summary>
public sealed class PipelineEntranceTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("entrance", "akka.loglevel = WARNING");

    public void Dispose() => _system.Dispose();

    private static RequestContext Request(int n) => new(new DefaultHttpContext(), $"request-{n}");

    private (PipelineEntrance.Door Door, Task<System.Collections.Immutable.IImmutableList<FlowContext>> Through) Run() =>
        Source.FromGraph(new PipelineEntrance()).ToMaterialized(Sink.Seq<FlowContext>(), Keep.Both)
            .Run(_system.Materializer());

    [Fact]
    public async Task RequestsFromManyThreadsAllComeThroughOnceAndInOrderPerThread()
    {
        var (door, through) = Run();
        const int threads = 8, each = 2_000;
        var writers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < each; i++) Assert.True(door.TryEnter(Request(t * each + i)));
        })).ToList();
        foreach (var w in writers) w.Start();
        foreach (var w in writers) w.Join();
        door.Close();

        var names = (await through.WaitAsync(TimeSpan.FromSeconds(30))).Select(c => int.Parse(c.PipelineName[8..])).ToList();
        Assert.Equal(threads * each, names.Count);
        Assert.Equal(threads * each, names.Distinct().Count());
        for (var t = 0; t < threads; t++)
        {
            var mine = names.Where(n => n / each == t).ToList();
            Assert.Equal(mine.OrderBy(n => n), mine);
        }
    }

    [Fact]
    public async Task AStageThatWaitsIsWokenByTheNextRequest()
    {
        var arrived = new TaskCompletionSource<FlowContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var door = Source.FromGraph(new PipelineEntrance())
            .To(Sink.ForEach<FlowContext>(c => arrived.TrySetResult(c)))
            .Run(_system.Materializer());
        await Task.Delay(300);   // the stage has asked for a request and found none

        var request = Request(1);
        Assert.True(door.TryEnter(request));
        Assert.Same(request, await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AClosedDoorRefusesAndTheRequestsInsideStillGoThrough()
    {
        var (door, through) = Run();
        for (var i = 0; i < 3; i++) Assert.True(door.TryEnter(Request(i)));
        door.Close();

        Assert.False(door.TryEnter(Request(9)));
        var names = (await through.WaitAsync(TimeSpan.FromSeconds(10))).Select(c => c.PipelineName);
        Assert.Equal(["request-0", "request-1", "request-2"], names);
    }

    [Fact]
    public async Task ClosingAnIdleDoorCompletesTheStream()
    {
        var (door, through) = Run();
        await Task.Delay(300);
        door.Close();
        Assert.Empty(await through.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
