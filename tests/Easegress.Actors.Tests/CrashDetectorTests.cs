using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Easegress.Actors.Members;

namespace Easegress.Actors.Tests;

/// <summary>The crash detector's rule on its own and its probe on real sockets: a member is downed only when its link
/// dropped, its peer port refuses connections and a majority is left.</summary>
public sealed class CrashDetectorRuleTests
{
    [Theory]
    [InlineData(3, 1, true, CrashDetector.Verdict.Down)]
    [InlineData(5, 2, true, CrashDetector.Verdict.Down)]
    [InlineData(3, 1, false, CrashDetector.Verdict.None)]            // a probe that was not refused proves nothing
    [InlineData(3, 0, true, CrashDetector.Verdict.None)]
    [InlineData(3, 2, true, CrashDetector.Verdict.LeaveToResolver)]  // one of three left is no majority
    [InlineData(4, 2, true, CrashDetector.Verdict.LeaveToResolver)]  // half is no majority either
    [InlineData(2, 1, true, CrashDetector.Verdict.LeaveToResolver)]
    public void DownsOnlyWhenEveryLostMemberRefusedAndAMajorityIsLeft(int members, int lost, bool allRefused, CrashDetector.Verdict verdict) =>
        Assert.Equal(verdict, CrashDetector.Judge(members, lost, allRefused));

    [Fact]
    public void ProbesOtherMembersWhoseLinkDroppedOrThatAreUnreachableAndCanStillBeDowned()
    {
        var self = Member("self", MemberStatus.Up);
        var dropped = Member("dropped", MemberStatus.Up);
        var unreachable = Member("unreachable", MemberStatus.WeaklyUp);
        var joining = Member("joining", MemberStatus.Joining);
        var leaving = Member("leaving", MemberStatus.Leaving);
        var down = Member("down", MemberStatus.Down);
        var healthy = Member("healthy", MemberStatus.Up);
        var members = new[] { self, dropped, unreachable, joining, leaving, down, healthy };
        var suspects = new HashSet<Address> { self.Address, dropped.Address, joining.Address, leaving.Address, down.Address };

        var lost = CrashDetector.Lost(members, [unreachable], suspects, self.Address);

        Assert.Equal(["dropped", "joining", "unreachable"], lost.Select(m => m.Address.Host!).Order());
    }

    [Fact]
    public async Task AClosedPortRefusesAndAListeningOneDoesNot()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.False(await CrashDetector.RefusesAsync(new Address("akka.tcp", "eg", "127.0.0.1", open)));
        listener.Stop();
        Assert.True(await CrashDetector.RefusesAsync(new Address("akka.tcp", "eg", "127.0.0.1", open)));
        Assert.False(await CrashDetector.RefusesAsync(new Address("akka", "eg")));   // no host or port: nothing proven
    }

    private static Member Member(string host, MemberStatus status) => TestMember.Create(new Address("akka.tcp", "eg", host, 2380), status);
}

/// <summary>The crash detector in a three-member cluster of actor systems in this process.</summary>
public sealed class CrashDetectorTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    /// <summary>Every member here: a crash is an actor system that stops without leaving the cluster (and this one,
    /// left alone or in a minority, does not wait for a leave that cannot complete when the test ends).</summary>
    private static readonly Config NoLeaveOnTerminate = ConfigurationFactory.ParseString("""
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.coordinated-shutdown.terminate-actor-system = off
        """).WithFallback(ClusterOfOne.Config);

    private readonly List<ActorSystem> _peers = [];

    public CrashDetectorTests() : base(NoLeaveOnTerminate) { }

    protected override void AfterAll()
    {
        foreach (var peer in _peers) peer.Terminate().Wait(Wait);
        base.AfterAll();
    }

    [Fact]
    public void DownsACrashedMemberAtOnceWhenTwoOfThreeAreLeft()
    {
        var (victim, _) = ThreeMembers();
        EventFilter.Warning(contains: "crashed (its peer port refuses connections)").ExpectOne(Wait, () => Crash(victim));
        // the failure detector would take seconds and the split-brain resolver 20 s more: only the detector downs this soon
        AwaitAssert(() => Assert.DoesNotContain(Cluster.Get(Sys).State.Members,
            m => m.Address == victim && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void LeavesTheDecisionToTheResolverWhenOnlyAMinorityIsLeft()
    {
        var (first, second) = ThreeMembers();
        EventFilter.Warning(contains: "not a majority left").ExpectOne(Wait, () => Crash(first, second));   // together, within the detector's settle time
        Assert.All(Cluster.Get(Sys).State.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
    }

    /// <summary>This system and two peers, all Up, with the crash detector running here; the peers' addresses.</summary>
    private (Address, Address) ThreeMembers()
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        for (var i = 0; i < 2; i++)
        {
            var peer = ActorSystem.Create(Sys.Name, NoLeaveOnTerminate);
            _peers.Add(peer);
            Cluster.Get(peer).Join(cluster.SelfAddress);
        }
        AwaitCondition(() => cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == 3, Wait);
        Sys.ActorOf(Props.Create(() => new CrashDetector()), "crash-detector");
        return (Cluster.Get(_peers[0]).SelfAddress, Cluster.Get(_peers[1]).SelfAddress);
    }

    /// <summary>Stops the peers' actor systems without leaving the cluster: their ports close, as a killed process's do.</summary>
    private void Crash(params Address[] peers) =>
        Assert.True(Task.WhenAll(_peers.Where(p => peers.Contains(Cluster.Get(p).SelfAddress)).Select(p => p.Terminate())).Wait(Wait));
}
