using Easegress.Actors.Replica;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Easegress.Actors.Catalog;
using Easegress.Actors.Controllers;
using Easegress.Statistics;
using Easegress.Traffic;

namespace Easegress.Actors.Traffic;

/// <summary>
/// One per node: watches the replicated catalog and makes this node's traffic objects match it (listeners,
/// pipeline graphs). Changes are applied one at a time, in order. It answers for the member's status: its traffic
/// objects, and the business controllers it hosts.
/// </summary>
public sealed class TrafficController : ReceiveActor
{
    private readonly TrafficRuntime _runtime;
    private readonly AppliedCatalog _applied;
    private readonly HostedControllers _controllers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _stopped;

    private readonly LocalReplica _replica;

    public TrafficController(TrafficRuntime runtime, AppliedCatalog applied, LocalReplica replica, HostedControllers controllers)
    {
        _replica = replica;
        _runtime = runtime;
        _applied = applied;
        _controllers = controllers;
        ReceiveAsync<Changed>(c => c.Key.Equals(CatalogKeys.Objects) && !_stopped, ApplyAsync);
        Receive<Changed>(_ => { });
        ReceiveAsync<StopTraffic>(async _ =>
        {
            if (!_stopped)
            {
                _stopped = true;
                await _runtime.DisposeAsync();
                _log.Info("traffic stopped on this node");
            }
            Sender.Tell(TrafficStopped.Instance);
        });
        Receive<GetTrafficStatus>(_ => Sender.Tell(new TrafficStatus(_controllers.Member, DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            JsonSerializer.Serialize(Status()))));
        Receive<GetTrafficMetrics>(m => Sender.Tell(new TrafficMetrics(_runtime.Metrics(new Labels(
            ("clusterName", m.ClusterName), ("clusterRole", m.ClusterRole), ("instanceName", m.InstanceName))).ToString())));
    }

    /// <summary>Names are unique among objects, and a business controller never runs in the traffic runtime.</summary>
    private Dictionary<string, object> Status()
    {
        var status = new Dictionary<string, object>(_runtime.Status(), StringComparer.Ordinal);
        foreach (var (name, controller) in _controllers.Status()) status[name] = controller;
        return status;
    }

    protected override void PreStart() =>
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(CatalogKeys.Objects, Self));

    /// <summary>A failure while handling one message (a traffic object whose status throws, say) restarts this actor, and
    /// Akka's default would run <see cref="PostStop"/> first: every listener and pipeline of the node would close and
    /// start again from the catalog. The runtime is what the controller manages, not its state, so it is kept as it
    /// runs; the restarted controller subscribes again and gets the current catalog, which applies any change the
    /// failure interrupted.</summary>
    protected override void PreRestart(Exception reason, object message) { }

    protected override void PostStop()
    {
        if (!_stopped) _ = _runtime.DisposeAsync().AsTask();   // stopped without StopTraffic: close the listeners anyway
    }

    private async Task ApplyAsync(Changed changed)
    {
        var catalog = changed.Get(CatalogKeys.Objects);
        _replica.SetObjects(catalog.Entries);
        var desired = new List<CatalogObject>(catalog.Count);
        foreach (var (name, entry) in catalog)
        {
            try { desired.Add(new CatalogObject(name, entry.Kind, entry.Version, JsonNode.Parse(entry.Document)!.AsObject())); }
            catch (JsonException e) { _log.Error("catalog entry {0} is not valid JSON: {1}", name, e.Message); }
        }
        await _runtime.ApplyAsync(desired);
        _applied.Applied(desired.ToDictionary(o => o.Name, o => o.Version));
    }
}
