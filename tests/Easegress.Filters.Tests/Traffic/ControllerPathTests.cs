using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Streams;
using Easegress.Filters.Tests.Support;
using Easegress.Objects;
using Easegress.Traffic;

namespace Easegress.Filters.Tests.Traffic;

/// <summary>Which path each controller category takes on a node: a system controller runs in the traffic runtime (once
/// per node, updated in place), a business controller never does (the cluster runs it once), and a controller kind of
/// a traffic category is refused when the registry is built.</summary>
public sealed class ControllerPathTests : IDisposable
{
    private readonly ActorSystem _system = GraphActors.Create("controllers");
    private readonly CountingControllerKind _nodeAgents = new("NodeAgent", ObjectCategories.SystemController);
    private readonly CountingControllerKind _business = new("Registry", ObjectCategories.BusinessController);
    private readonly TrafficRuntime _runtime;

    public ControllerPathTests()
    {
        var environment = new TrafficEnvironment
        {
            Filters = FilterEnvironment.Create(),
            Materializer = _system.Materializer(),
            Listeners = null!,   // controllers open no listener
        };
        _runtime = new TrafficRuntime(environment, new ObjectKindRegistry([_nodeAgents, _business], BuiltInKinds.Shape));
    }

    public void Dispose() => _system.Dispose();

    private static CatalogObject Object(string name, string kind, long version) =>
        new(name, kind, version, new JsonObject { ["name"] = name, ["kind"] = kind, ["version"] = version });

    [Fact]
    public async Task A_nodeAgentscontroller_runs_on_the_node_and_a_business_controller_does_not()
    {
        await _runtime.ApplyAsync([Object("agent", "NodeAgent", 1), Object("registry", "Registry", 2)]);
        Assert.Equal(["start agent 1"], _nodeAgents.Events);
        Assert.Empty(_business.Events);
        Assert.Equal(["agent"], _runtime.Status().Keys);
        Assert.Equal(1L, ((Dictionary<string, object>)_runtime.Status()["agent"])["version"]);

        await _runtime.ApplyAsync([Object("agent", "NodeAgent", 3), Object("registry", "Registry", 4)]);
        await _runtime.ApplyAsync([Object("registry", "Registry", 4)]);
        Assert.Equal(["start agent 1", "update agent 3", "stop agent"], _nodeAgents.Events);   // updated in place, stopped when gone
        Assert.Empty(_business.Events);
        Assert.Empty(_runtime.Status());
    }

    [Fact]
    public async Task The_traffic_path_refuses_to_start_a_business_controller() =>
        Assert.Contains("runs once per cluster",
            (await Assert.ThrowsAsync<InvalidOperationException>(() => _business.StartAsync(new JsonObject(), null!))).Message);

    [Theory]
    [InlineData(ObjectCategories.TrafficGate)]
    [InlineData(ObjectCategories.Pipeline)]
    public void A_controller_kind_of_a_traffic_category_is_refused(string category)
    {
        var e = Assert.Throws<KindRegistrationException>(() => new ObjectKindRegistry([new CountingControllerKind("Odd", category)], BuiltInKinds.Shape));
        Assert.Equal($"controller kind Odd has category \"{category}\": a controller is a BusinessController or a SystemController", e.Message);
    }

    [Fact]
    public void Only_business_controller_kinds_run_once_per_cluster()
    {
        Assert.True(ControllerKind.OncePerCluster(_business));
        Assert.False(ControllerKind.OncePerCluster(_nodeAgents));
        Assert.False(ControllerKind.OncePerCluster(BuiltInKinds.Objects.Kinds.Single(k => k.Name == "GlobalFilter")));   // BusinessController, but traffic
    }

    /// <summary>Records what its controllers are asked to do, in order.</summary>
    private sealed class CountingControllerKind(string name, string category) : ControllerKind
    {
        public List<string> Events { get; } = [];

        public override string Name => name;
        public override IReadOnlyList<string> Aliases => [];
        public override string Category => category;
        public override object Validate(JsonObject document, TrafficEnvironmentShape shape) => document.DeepClone();

        public override Task<IController> StartControllerAsync(object spec, ControllerEnvironment environment)
        {
            var document = (JsonObject)spec;
            Events.Add($"start {document["name"]} {document["version"]}");
            return Task.FromResult<IController>(new Counting(this, document));
        }

        private sealed class Counting(CountingControllerKind kind, JsonObject spec) : IController
        {
            private JsonObject _spec = spec;

            public Task UpdateAsync(object spec)
            {
                _spec = (JsonObject)spec;
                kind.Events.Add($"update {_spec["name"]} {_spec["version"]}");
                return Task.CompletedTask;
            }

            public object Status() => new Dictionary<string, object> { ["version"] = _spec["version"]!.GetValue<long>() };

            public ValueTask DisposeAsync()
            {
                kind.Events.Add($"stop {_spec["name"]}");
                return ValueTask.CompletedTask;
            }
        }
    }
}
