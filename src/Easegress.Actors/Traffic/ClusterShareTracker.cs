using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Easegress.Filters;

namespace Easegress.Actors.Traffic;

/// <summary>
/// Keeps this node's <see cref="ClusterShare"/> current: the members that serve traffic now are those Up (or
/// WeaklyUp, or Leaving while they drain) that this node can reach, and this node itself; ranks follow the members'
/// addresses, so every node computes the same order. An unreachable member's share goes to the others at once, before
/// the split-brain resolver has decided about it.
/// </summary>
public sealed class ClusterShareTracker : ReceiveActor
{
    private readonly ClusterShare _share;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<UniqueAddress> _unreachable = [];

    public ClusterShareTracker(ClusterShare share)
    {
        _share = share;
        Receive<ClusterEvent.MemberRemoved>(e => { _members.Remove(e.Member.UniqueAddress); _unreachable.Remove(e.Member.UniqueAddress); Reshare(); });
        Receive<ClusterEvent.IMemberEvent>(e => { _members[e.Member.UniqueAddress] = e.Member; Reshare(); });
        Receive<ClusterEvent.UnreachableMember>(e => { _unreachable.Add(e.Member.UniqueAddress); Reshare(); });
        Receive<ClusterEvent.ReachableMember>(e => { _unreachable.Remove(e.Member.UniqueAddress); Reshare(); });
    }

    protected override void PreStart() => _cluster.Subscribe(Self, ClusterEvent.InitialStateAsEvents,
        typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Reshare()
    {
        var self = _cluster.SelfUniqueAddress;
        var serving = _members.Values
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving && !_unreachable.Contains(m.UniqueAddress))
            .Select(m => m.UniqueAddress)
            .Append(self)
            .Distinct()
            .OrderBy(a => a)
            .ToList();
        var rank = serving.IndexOf(self);
        if (rank == _share.Rank && serving.Count == _share.Members) return;
        _share.Update(rank, serving.Count);
        _log.Debug("cluster-wide limits are shared among {0} members; this one has rank {1}", serving.Count, rank);
    }
}
