using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Easegress.Actors.Catalog;
using Easegress.Actors.Controllers;
using Easegress.Actors.Replica;
using Easegress.Actors.Traffic;
using Easegress.Filters;
using Easegress.Listeners;
using Easegress.Objects;
using Easegress.Objects.Pipeline;
using Easegress.Threading;
using Easegress.Traffic;
using Microsoft.AspNetCore.Http;

namespace Easegress.Actors.Tests;

/// <summary>The traffic controller applies the replicated catalog to this node's traffic, and a failure of the
/// controller itself does not take the traffic down.</summary>
public sealed class TrafficControllerTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private const string Echo = """{"name":"echo","kind":"Pipeline","filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:9"}]}]}]}""";
    private const string Web = """{"name":"web","kind":"HTTPServer","port":10080,"rules":[{"paths":[{"pathPrefix":"/","backend":"echo"}]}]}""";

    private readonly RecordingListeners _listeners = new();
    private readonly ProbeKind _probes = new();
    private readonly AppliedCatalog _applied = new();
    private readonly TrafficEnvironment _environment;
    private readonly IActorRef _controller;
    private readonly CatalogWriter _catalog;

    public TrafficControllerTests() : base(ClusterOfOne.Config.WithFallback(RequestThreadDispatcher.Config))
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == MemberStatus.Up), TimeSpan.FromSeconds(10));
        _environment = new TrafficEnvironment { Filters = FilterEnvironment.Create(), Materializer = Sys.Materializer(), Listeners = _listeners };
        var kinds = new ObjectKindRegistry(BuiltInKinds.Objects.Kinds.Append(_probes), BuiltInKinds.Shape);
        var runtime = new TrafficRuntime(_environment, kinds);
        _controller = Sys.ActorOf(Props.Create(() => new TrafficController(runtime, _applied, new LocalReplica(), new HostedControllers("member-1"))));
        _catalog = new CatalogWriter(DistributedData.Get(Sys).Replicator, cluster.SelfUniqueAddress);
    }

    private async Task PublishAsync(string name, string kind, long version, string document)
    {
        await _catalog.PublishAsync(new CatalogEntry(name, kind, version, document), majority: false);
        Assert.True(await _applied.WaitAsync(name, version, removed: false, Wait), $"{name} at version {version} was not applied");
    }

    private static string Probe(string name, bool brokenStatus = false) =>
        new JsonObject { ["name"] = name, ["kind"] = ProbeKind.KindName, ["brokenStatus"] = brokenStatus }.ToJsonString();

    [Fact]
    public async Task ARestartOfTheControllerKeepsTheListenersAndPipelinesRunning()
    {
        await PublishAsync("echo", "Pipeline", 1, Echo);
        await PublishAsync("web", "HTTPServer", 2, Web);
        await PublishAsync("steady", ProbeKind.KindName, 3, Probe("steady"));
        var listener = Assert.Single(_listeners.Started);
        var pipeline = _environment.Directory<PipelineRuntime>().Find("echo");
        Assert.True(pipeline is not null, Status().ToJsonString());
        var steady = _probes.Running["steady"];

        // an object whose status throws: asking for the node's status fails the controller, which restarts
        await PublishAsync("broken", ProbeKind.KindName, 4, Probe("broken", brokenStatus: true));
        EventFilter.Exception<InvalidOperationException>(contains: "status of broken").ExpectOne(() => _controller.Tell(GetTrafficStatus.Instance, TestActor));

        // the restarted controller still applies the catalog (it subscribed again), and nothing was stopped or started again
        await _catalog.RemoveAsync("broken", 5);
        Assert.True(await _applied.WaitAsync("broken", 5, removed: true, Wait), "the restarted controller did not apply the removal");
        Assert.True(_probes.Running["broken"].Disposed);
        Assert.False(listener.Disposed, "the restart closed the HTTP server's listener");
        Assert.Single(_listeners.Started);
        Assert.Same(pipeline, _environment.Directory<PipelineRuntime>().Find("echo"));
        Assert.False(steady.Disposed, "the restart stopped a running object");
        Assert.Same(steady, _probes.Running["steady"]);

        Assert.Equal(["echo", "steady", "web"], Status().Select(p => p.Key).Order());
    }

    private JsonObject Status()
    {
        _controller.Tell(GetTrafficStatus.Instance, TestActor);
        return JsonNode.Parse(ExpectMsg<TrafficStatus>(Wait).Json)!.AsObject();
    }

    [Fact]
    public async Task StopTrafficClosesEverythingAndLaterChangesAreNotApplied()
    {
        await PublishAsync("echo", "Pipeline", 1, Echo);
        await PublishAsync("web", "HTTPServer", 2, Web);
        _controller.Tell(StopTraffic.Instance, TestActor);
        ExpectMsg<TrafficStopped>(Wait);
        Assert.True(Assert.Single(_listeners.Started).Disposed);
        Assert.Null(_environment.Directory<PipelineRuntime>().Find("echo"));

        await _catalog.PublishAsync(new CatalogEntry("later", "Pipeline", 3, Echo.Replace("\"echo\"", "\"later\"")), majority: false);
        Assert.False(await _applied.WaitAsync("later", 3, removed: false, TimeSpan.FromMilliseconds(500)));
        Assert.Null(_environment.Directory<PipelineRuntime>().Find("later"));
    }

    /// <summary>Listeners that open nothing and record what was asked of them.</summary>
    private sealed class RecordingListeners : IListenerHost
    {
        public ConcurrentQueue<RecordedListener> Started { get; } = new();

        public Task<IListener> StartAsync(ListenerOptions options, RequestDelegate handler, IListener? replacing = null,
            CancellationToken cancellationToken = default)
        {
            var listener = new RecordedListener(options);
            Started.Enqueue(listener);
            return Task.FromResult<IListener>(listener);
        }
    }

    private sealed class RecordedListener(ListenerOptions options) : IListener
    {
        public ListenerOptions Options => options;
        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A kind of object for tests: it records its running copies, and one made with <c>brokenStatus</c>
    /// throws when asked for its status.</summary>
    private sealed class ProbeKind : ObjectKind
    {
        public const string KindName = "Probe";
        public ConcurrentDictionary<string, ProbeObject> Running { get; } = new();

        public override string Name => KindName;
        public override IReadOnlyList<string> Aliases => [];
        public override object Validate(JsonObject document, TrafficEnvironmentShape shape) => document.DeepClone();

        public override Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment)
        {
            var document = (JsonObject)spec;
            var probe = new ProbeObject(document["name"]!.GetValue<string>(), document["brokenStatus"]?.GetValue<bool>() == true);
            Running[probe.Name] = probe;
            return Task.FromResult<ITrafficObject>(probe);
        }
    }

    private sealed class ProbeObject(string name, bool brokenStatus) : ITrafficObject
    {
        public string Name => name;
        public bool Disposed { get; private set; }

        public Task UpdateAsync(object spec) => Task.CompletedTask;

        public object Status() => brokenStatus ? throw new InvalidOperationException($"status of {name} is broken") : new Dictionary<string, object> { ["health"] = "ok" };

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
