using Easegress.Threading;
using System.Collections.Concurrent;
using Akka.Actor;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>The dispatcher pipeline graphs run on: the sender's thread runs the actor, one thread at a time, and a
/// send made during a run waits for the run to end instead of nesting in it.</summary>
public sealed class RequestThreadDispatcherTests : IDisposable
{
    private readonly ActorSystem _system = GraphActors.Create("request-thread");

    public void Dispose() => _system.Dispose();

    /// <summary>A top-level actor is created by its guardian, on the guardian's dispatcher: this returns once it is.</summary>
    private async Task<IActorRef> StartAsync(Props props, string name)
    {
        var actor = _system.ActorOf(props.WithDispatcher(RequestThreadDispatcher.Id), name);
        await actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(10));
        return actor;
    }

    [Fact]
    public async Task TheActorRunsOnTheSendersThreadBeforeTheSendReturns()
    {
        var seen = new ConcurrentQueue<(string, int)>();
        var actor = await StartAsync(Props.Create(() => new Recorder(seen, "first", null)), "first");

        actor.Tell("hello");

        Assert.Equal([("first:hello", Environment.CurrentManagedThreadId)], seen);
    }

    [Fact]
    public async Task ASendMadeDuringARunIsRunAfterItOnTheSameThread()
    {
        var seen = new ConcurrentQueue<(string, int)>();
        var second = await StartAsync(Props.Create(() => new Recorder(seen, "second", null)), "second");
        var first = await StartAsync(Props.Create(() => new Recorder(seen, "first", second)), "first");

        first.Tell("hello");

        var me = Environment.CurrentManagedThreadId;
        Assert.Equal([("first:hello", me), ("first:done", me), ("second:hello", me)], seen);
    }

    [Fact]
    public async Task SendersOnManyThreadsLoseNoMessageAndNeverRunTheActorTwiceAtOnce()
    {
        var counter = await StartAsync(Props.Create(() => new Counter()), "counter");
        const int threads = 8, each = 5_000;
        var senders = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < each; i++) counter.Tell(1);
        })).ToList();
        foreach (var s in senders) s.Start();
        foreach (var s in senders) s.Join();

        var (count, overlaps) = await counter.Ask<(int, int)>("count", TimeSpan.FromSeconds(10));
        Assert.Equal(threads * each, count);
        Assert.Equal(0, overlaps);
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<(string, int)> seen, string name, IActorRef? next)
        {
            Receive<string>(message =>
            {
                seen.Enqueue(($"{name}:{message}", Environment.CurrentManagedThreadId));
                if (next is null) return;
                next.Tell(message);
                seen.Enqueue(($"{name}:done", Environment.CurrentManagedThreadId));
            });
        }
    }

    private sealed class Counter : ReceiveActor
    {
        private int _inside;
        private int _count;
        private int _overlaps;

        public Counter()
        {
            Receive<int>(n =>
            {
                if (Interlocked.Increment(ref _inside) != 1) _overlaps++;
                _count += n;
                Thread.SpinWait(20);
                Interlocked.Decrement(ref _inside);
            });
            Receive<string>(_ => Sender.Tell((_count, _overlaps)));
        }
    }
}
