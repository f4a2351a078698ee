using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;
using Easegress.Actors.Hosting;
using Easegress.Actors.Traffic;

namespace Easegress.Node.Admin;

/// <summary>Gathers object status from every reachable member's traffic controller, keyed
/// <c>namespace/object/member</c> as Easegress keys it.</summary>
public sealed class StatusCollector(ActorSystem system)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<JsonObject> CollectAsync(string? objectName)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var addresses = state.Members
            .Where(m => m.Status == MemberStatus.Up && !unreachable.Contains(m.Address))
            .Select(m => m.Address)
            .Append(cluster.SelfAddress)   // this member answers even when it has been cut off from the cluster
            .Distinct();
        var asks = addresses.Select(AskAsync).ToList();
        var result = new JsonObject();
        foreach (var status in (await Task.WhenAll(asks).ConfigureAwait(false)).OfType<TrafficStatus>().OrderBy(s => s.Member, StringComparer.Ordinal))
        {
            var objects = JsonNode.Parse(status.Json)!.AsObject();
            foreach (var (name, value) in objects.ToList())
            {
                if (objectName is not null && name != objectName) continue;
                var entry = value?.DeepClone() as JsonObject ?? new JsonObject();
                entry["timestamp"] = status.Timestamp;
                result[$"default/{name}/{status.Member}"] = entry;
            }
        }
        return result;
    }

    private async Task<TrafficStatus?> AskAsync(Address address)
    {
        try
        {
            return await system.ActorSelection($"{address}/user/{EasegressActorSystem.TrafficControllerName}")
                .Ask<TrafficStatus>(GetTrafficStatus.Instance, Timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException or TaskCanceledException)
        {
            return null;
        }
    }
}
