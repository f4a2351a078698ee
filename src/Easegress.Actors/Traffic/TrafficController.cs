using Easegress.Actors.Replica;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Easegress.Actors.Catalog;
using Easegress.Statistics;
using Easegress.Traffic;

namespace Easegress.Actors.Traffic;

/// <summary>
/// One per node: watches the replicated catalog and makes this node's traffic objects match it (listeners,
/// pipeline graphs). Changes are applied one at a time, in order.
/// </summary>
public sealed class TrafficController : ReceiveActor
{
    private readonly TrafficRuntime _runtime;
    private readonly AppliedCatalog _applied;
    private readonly string _member;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _stopped;

    private readonly LocalReplica _replica;

    public TrafficController(TrafficRuntime runtime, AppliedCatalog applied, LocalReplica replica, string member)
    {
        _replica = replica;
        _runtime = runtime;
        _applied = applied;
        _member = member;
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
        Receive<GetTrafficStatus>(_ => Sender.Tell(new TrafficStatus(_member, DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            JsonSerializer.Serialize(_runtime.Status()))));
        Receive<GetTrafficMetrics>(m => Sender.Tell(new TrafficMetrics(_runtime.Metrics(new Labels(
            ("clusterName", m.ClusterName), ("clusterRole", m.ClusterRole), ("instanceName", m.InstanceName))).ToString())));
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
