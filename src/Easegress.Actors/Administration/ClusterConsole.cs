using Easegress.Actors.Replica;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.DistributedData;

using Easegress.Actors.Members;

namespace Easegress.Actors.Administration;

/// <summary>
/// The operator console's view of the cluster (what Petabridge.Cmd's cluster and sharding palettes give Akka.NET
/// operators): members and their reachability, the leader singleton, shards per node, and leave/down/purge.
/// </summary>
public sealed class ClusterConsole(ActorSystem system, MemberList members)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public sealed record ClusterMember(string Name, string Address, string Status, bool Reachable, IReadOnlyList<string> Roles);
    public sealed record ClusterView(string Self, string? Leader, string? Oldest, string? Singleton, IReadOnlyList<ClusterMember> Members);
    public sealed record RegionView(string Member, string Address, IReadOnlyList<ShardView> Shards);
    public sealed record ShardView(string Id, IReadOnlyList<string> Entities);

    /// <summary>The outcome of a command on a member: 200, or 404/409 with the reason.</summary>
    public sealed record Outcome(int Status, string Message);

    public async Task<ClusterView> ShowAsync()
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var names = await NamesByAddressAsync().ConfigureAwait(false);
        string Name(Address a) => names.TryGetValue(a.ToString(), out var n) ? n : a.ToString();
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var ordered = state.Members.OrderBy(m => m, Member.AgeOrdering).ToList();
        var singleton = ordered.FirstOrDefault(m => m.Status == MemberStatus.Up && m.HasRole(Hosting.EasegressActorSystem.PrimaryRole));
        return new ClusterView(
            Name(cluster.SelfAddress),
            state.Leader is { } leader ? Name(leader) : null,
            ordered.FirstOrDefault() is { } oldest ? Name(oldest.Address) : null,
            singleton is null ? null : Name(singleton.Address),
            ordered.Select(m => new ClusterMember(Name(m.Address), m.Address.ToString(), m.Status.ToString(),
                !unreachable.Contains(m.Address), m.Roles.Order().ToList())).ToList());
    }

    public Task<Outcome> LeaveAsync(string name) => OnMemberAsync(name, (cluster, member) =>
    {
        cluster.Leave(member.Address);
        return new Outcome(200, $"{name} is leaving the cluster");
    });

    public Task<Outcome> DownAsync(string name) => OnMemberAsync(name, (cluster, member) =>
    {
        cluster.Down(member.Address);
        return new Outcome(200, $"{name} is marked down");
    });

    /// <summary>Removes a dead member from the member list (and downs it if the cluster still holds it).
    /// A member that is up and reachable is refused: stop it first.</summary>
    public async Task<Outcome> PurgeAsync(string name)
    {
        var record = (await members.ListAsync().ConfigureAwait(false)).FirstOrDefault(m => m.Record.Name == name);
        if (record is null) return new Outcome(404, $"member {name} not found");
        var cluster = Cluster.Get(system);
        var member = cluster.State.Members.FirstOrDefault(m => m.Address.ToString() == record.Record.Address);
        if (member is not null)
        {
            if (member.Status == MemberStatus.Up && !cluster.State.Unreachable.Contains(member))
                return new Outcome(409, $"member {name} is alive; stop it before purging it");
            cluster.Down(member.Address);
        }
        var replicator = DistributedData.Get(system).Replicator;
        var self = cluster.SelfUniqueAddress;
        await replicator.Ask<IUpdateResponse>(Dsl.Update(MemberKeys.Members, LWWDictionary<string, MemberRecord>.Empty,
            new WriteMajority(Timeout), d => d.Remove(self, name)), Timeout + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        return new Outcome(200, $"member {name} purged");
    }

    public async Task<IReadOnlyList<RegionView>> ShardsAsync()
    {
        var state = Cluster.Get(system).State;
        var names = await NamesByAddressAsync().ConfigureAwait(false);
        var regions = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(Hosting.EasegressActorSystem.PrimaryRole)
                                               && !state.Unreachable.Contains(m))
            .Select(async m =>
            {
                try
                {
                    var region = await system.ActorSelection($"{m.Address}/system/sharding/{Hosting.EasegressActorSystem.ObjectsTypeName}")
                        .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout).ConfigureAwait(false);
                    return new RegionView(names.GetValueOrDefault(m.Address.ToString(), m.Address.ToString()), m.Address.ToString(),
                        region.Shards.OrderBy(s => s.ShardId, StringComparer.Ordinal)
                            .Select(s => new ShardView(s.ShardId, s.EntityIds.Order(StringComparer.Ordinal).ToList())).ToList());
                }
                catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException)
                {
                    return null;
                }
            });
        return (await Task.WhenAll(regions).ConfigureAwait(false)).OfType<RegionView>().OrderBy(r => r.Member, StringComparer.Ordinal).ToList();
    }

    private async Task<Outcome> OnMemberAsync(string name, Func<Cluster, Member, Outcome> act)
    {
        var names = await NamesByAddressAsync().ConfigureAwait(false);
        var cluster = Cluster.Get(system);
        var member = cluster.State.Members.FirstOrDefault(m => names.GetValueOrDefault(m.Address.ToString()) == name || m.Address.ToString() == name);
        return member is null ? new Outcome(404, $"member {name} not found in the cluster") : act(cluster, member);
    }

    private async Task<Dictionary<string, string>> NamesByAddressAsync() =>
        (await members.ListAsync().ConfigureAwait(false)).ToDictionary(m => m.Record.Address, m => m.Record.Name);
}
