using Easegress;
using Easegress.Actors.Replica;
using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Akka.Streams;
using Easegress.Actors.Catalog;
using Easegress.Actors.Hosting;
using Easegress.Actors.Objects;
using Easegress.Actors.Traffic;
using Easegress.Filters;
using Easegress.Objects;
using Easegress.Objects.HTTPServer;
using Easegress.Objects.Pipeline;
using Easegress.Objects.GlobalFilter;
using Easegress.Traffic;
using Easegress.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Easegress.Actors.Tests;

/// <summary>
/// A primary's actor system built as a node builds it (<see cref="EasegressActorSystem.WithEasegress"/> through
/// Akka.Hosting), a cluster of one on a free loopback port with its journal in a SQLite file. Its traffic listeners
/// open no sockets: <see cref="Listeners"/> records what the traffic controller asked for.
/// </summary>
public sealed class HostedNode : IAsyncDisposable
{
    private readonly IHost _host;

    private HostedNode(IHost host, LocalReplica replica, AppliedCatalog applied, RecordingListeners listeners)
    {
        _host = host;
        Replica = replica;
        Applied = applied;
        Listeners = listeners;
        System = host.Services.GetRequiredService<ActorSystem>();
        Region = host.Services.GetRequiredService<ActorRegistry>().Get<ObjectRegion>();
        Objects = new ObjectStore(Region, replica, Akka.Cluster.Cluster.Get(System));
    }

    public ActorSystem System { get; }
    public IActorRef Region { get; }
    public ObjectStore Objects { get; }
    public LocalReplica Replica { get; }
    public AppliedCatalog Applied { get; }
    public RecordingListeners Listeners { get; }

    public static async Task<HostedNode> StartAsync(string journalPath)
    {
        var replica = new LocalReplica();
        var applied = new AppliedCatalog();
        var listeners = new RecordingListeners();
        var settings = new NodeSettings
        {
            Name = "hosted-test",
            ClusterName = "hosted",
            Role = EasegressActorSystem.PrimaryRole,
            PeerHost = "127.0.0.1",
            PeerPort = 0,
            SeedNodes = [],
            JournalConnectionString = $"Data Source={journalPath}",
            JournalProvider = "SQLite.MS",
            MemberOptions = "{}",
            Hocon = "akka.loglevel = WARNING",
        };
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(settings.ClusterName, (akka, _) =>
                akka.WithEasegress(settings, BuiltInKinds.Objects, system => new TrafficRuntime(new TrafficEnvironment
                {
                    Filters = FilterEnvironment.Create(),
                    Materializer = system.Materializer(),
                    Listeners = listeners,
                }, BuiltInKinds.Objects), applied, replica)))
            .Build();
        await host.StartAsync();
        return new HostedNode(host, replica, applied, listeners);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {timeout.TotalSeconds:0}s: {what}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>Listeners that accept nothing: each start is recorded, so a test sees which servers ran.</summary>
public sealed class RecordingListeners : IListenerHost
{
    public ConcurrentQueue<ListenerOptions> Started { get; } = new();

    public Task<IListener> StartAsync(ListenerOptions options, RequestDelegate handler, IListener? replacing = null,
        CancellationToken cancellationToken = default)
    {
        Started.Enqueue(options);
        return Task.FromResult<IListener>(new Listener(options));
    }

    private sealed record Listener(ListenerOptions Options) : IListener
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
