using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using Easegress.Actors.Traffic;
using Easegress.Filters;

namespace Easegress.Actors.Tests;

/// <summary>The tracker keeps this node's share of cluster-wide limits: how many members serve traffic now and this
/// node's rank among them (by address, the same order on every node). Other members are fed to it as the cluster's
/// events would report them; this node is a real cluster of one.</summary>
public sealed class ClusterShareTrackerTests : TestKit
{
    private readonly ClusterShare _share = new();
    private readonly IActorRef _tracker;
    private readonly UniqueAddress _self;

    public ClusterShareTrackerTests() : base(ClusterOfOne.Config)
    {
        var cluster = Cluster.Get(Sys);
        _self = cluster.SelfUniqueAddress;
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == MemberStatus.Up), TimeSpan.FromSeconds(10));
        _tracker = Sys.ActorOf(Props.Create(() => new ClusterShareTracker(_share)));
    }

    /// <summary>A member on the same host as this node's, before (host .0) or after it (host .2) in address order.</summary>
    private Member Other(string host, MemberStatus status) =>
        TestMember.Create(new Address(_self.Address.Protocol, _self.Address.System, host, 2380), status, uid: 7);

    private void Expect(int rank, int members) => AwaitAssert(() =>
    {
        Assert.Equal(members, _share.Members);
        Assert.Equal(rank, _share.Rank);
    }, TimeSpan.FromSeconds(3));

    [Fact]
    public void RankAndMembersFollowJoinsLeavesAndReachability()
    {
        Assert.Equal("127.0.0.1", _self.Address.Host);
        var before = Other("127.0.0.0", MemberStatus.Up);
        var after = Other("127.0.0.2", MemberStatus.Up);
        var joining = Other("127.0.0.3", MemberStatus.Joining);
        var weaklyUp = Other("127.0.0.4", MemberStatus.WeaklyUp);
        Expect(rank: 0, members: 1);   // alone

        _tracker.Tell(new ClusterEvent.MemberUp(after));
        Expect(rank: 0, members: 2);
        _tracker.Tell(new ClusterEvent.MemberUp(before));
        Expect(rank: 1, members: 3);   // a member before this one in address order
        _tracker.Tell(new ClusterEvent.MemberJoined(joining));
        _tracker.Tell(new ClusterEvent.MemberWeaklyUp(weaklyUp));
        Expect(rank: 1, members: 4);   // weakly up serves, joining does not yet

        _tracker.Tell(new ClusterEvent.UnreachableMember(before));
        Expect(rank: 0, members: 3);   // its share goes to the others at once
        _tracker.Tell(new ClusterEvent.ReachableMember(before));
        Expect(rank: 1, members: 4);

        _tracker.Tell(new ClusterEvent.MemberLeft(after.With(MemberStatus.Leaving)));
        Expect(rank: 1, members: 4);   // it drains its requests: still serving
        _tracker.Tell(new ClusterEvent.MemberExited(after.With(MemberStatus.Exiting)));
        Expect(rank: 1, members: 3);
        _tracker.Tell(new ClusterEvent.MemberRemoved(before.With(MemberStatus.Removed), MemberStatus.Up));
        Expect(rank: 0, members: 2);
        _tracker.Tell(new ClusterEvent.UnreachableMember(weaklyUp));
        Expect(rank: 0, members: 1);
    }
}
