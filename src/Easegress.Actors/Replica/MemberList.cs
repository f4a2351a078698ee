using Akka.Actor;
using Akka.Cluster;

namespace Easegress.Actors.Replica;

/// <summary>Reads the member list from this node's replica and marks where the leader runs (the oldest Up
/// primary, which is where the cluster singleton lives).</summary>
public sealed class MemberList(ActorSystem system, LocalReplica replica)
{
    public Task<IReadOnlyList<MemberView>> ListAsync()
    {
        var records = replica.Members;

        var state = Cluster.Get(system).State;
        var members = state.Members.ToDictionary(m => m.Address.ToString());
        var unreachable = state.Unreachable.Select(m => m.Address.ToString()).ToHashSet();
        var leader = state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole("primary"))
            .OrderBy(m => m, Member.AgeOrdering).FirstOrDefault()?.Address.ToString();

        return Task.FromResult<IReadOnlyList<MemberView>>(records.Values
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new MemberView(r,
                r.Role == "primary" ? (r.Address == leader ? "Leader" : "Follower") : null,
                unreachable.Contains(r.Address) ? "Unreachable" : members.TryGetValue(r.Address, out var m) ? m.Status.ToString() : "Removed"))
            .ToList());
    }
}
