using Easegress;
using Easegress.Actors.Replica;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
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
/// Akka.Hosting), on a free loopback port with its journal in a SQLite file: a cluster of one, or a member of a cluster of
/// several in this process (<see cref="HostedNodeOptions.Seeds"/>, one journal file for all). Its traffic listeners open
/// no sockets: <see cref="Listeners"/> records what the traffic controller asked for.
/// </summary>
public sealed class HostedNode : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _disposed;

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

    /// <summary>The address other members join this one by.</summary>
    public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

    /// <summary>The status this member reports for its objects (what <c>/status/objects</c> collects from each member).</summary>
    public async Task<JsonObject> StatusAsync()
    {
        var status = await System.ActorSelection($"/user/{EasegressActorSystem.TrafficControllerName}")
            .Ask<TrafficStatus>(GetTrafficStatus.Instance, TimeSpan.FromSeconds(5));
        return JsonNode.Parse(status.Json)!.AsObject();
    }

    /// <summary>Ends the actor system without leaving the cluster, as a killed process ends (give the node
    /// <see cref="HostedNodeOptions.Crashable"/>): its port closes and the others must notice.</summary>
    public Task CrashAsync() => System.Terminate();

    public static Task<HostedNode> StartAsync(string journalPath) => StartAsync(journalPath, new HostedNodeOptions());

    public static async Task<HostedNode> StartAsync(string journalPath, HostedNodeOptions options)
    {
        var replica = new LocalReplica();
        var applied = new AppliedCatalog();
        var listeners = new RecordingListeners();
        var settings = new NodeSettings
        {
            Name = options.Name,
            ClusterName = "hosted",
            Role = EasegressActorSystem.PrimaryRole,
            PeerHost = "127.0.0.1",
            PeerPort = 0,
            SeedNodes = options.Seeds,
            JournalConnectionString = $"Data Source={journalPath}",
            JournalProvider = "SQLite.MS",
            MemberOptions = "{}",
            Hocon = "akka.loglevel = WARNING\n" + options.Hocon,
        };
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(settings.ClusterName, (akka, _) =>
                akka.WithEasegress(settings, options.Kinds, system => new TrafficRuntime(new TrafficEnvironment
                {
                    Filters = FilterEnvironment.Create(),
                    Materializer = system.Materializer(),
                    Listeners = listeners,
                }, options.Kinds), applied, replica)))
            .Build();
        await host.StartAsync();
        var node = new HostedNode(host, replica, applied, listeners);
        var cluster = Akka.Cluster.Cluster.Get(node.System);
        await EventuallyAsync(() => cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up, TimeSpan.FromSeconds(30), $"{options.Name} is Up");
        return node;
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

    /// <summary>Stops the node (it leaves the cluster), once; a test may stop it before the end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>How a <see cref="HostedNode"/> differs from a cluster of one with the built-in kinds.</summary>
public sealed record HostedNodeOptions
{
    public string Name { get; init; } = "hosted-test";
    public ObjectKindRegistry Kinds { get; init; } = BuiltInKinds.Objects;
    /// <summary>The addresses of members to join; none: the node is a cluster of one.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];
    /// <summary>More HOCON, which wins over the settings made in code.</summary>
    public string Hocon { get; init; } = "";

    /// <summary>The node's own tuning (hocon/easegress.conf), as a real node runs with it.</summary>
    public static string ProductHocon => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "easegress.conf"));

    /// <summary>HOCON for a node that <see cref="HostedNode.CrashAsync"/> ends without leaving.</summary>
    public const string Crashable = """
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.coordinated-shutdown.terminate-actor-system = off
        """;
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
