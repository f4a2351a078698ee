using Akka.Actor;
using Akka.Cluster;
using Akka.Persistence;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Easegress.Actors.Leadership;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Tests;

/// <summary>The leader singleton's own behaviour, on the in-memory journal, with a probe standing for the object region.</summary>
public sealed class LeaderTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly TestProbe _objects;

    public LeaderTests() : base(ClusterOfOne.Config)
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == MemberStatus.Up), TimeSpan.FromSeconds(10));
        _objects = CreateTestProbe();
    }

    private IActorRef StartLeader(int snapshotEvery = Leader.DefaultSnapshotEvery) =>
        Sys.ActorOf(Leader.Props(_objects.Ref, snapshotEvery));

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private long Allocate(IActorRef leader, string name, bool removes = false)
    {
        leader.Tell(new AllocateVersion(name, removes), TestActor);
        return ExpectMsg<VersionAllocated>(Wait).Version;
    }

    /// <summary>The names the leader asks to republish, in any order; nothing more within a short while.</summary>
    private HashSet<string> Republished(int count)
    {
        var names = Enumerable.Range(0, count).Select(_ => _objects.ExpectMsg<RepublishObject>(Wait).Name).ToHashSet();
        _objects.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        return names;
    }

    [Fact]
    public void HandsOutIncreasingVersionsAndARestartedLeaderContinuesFromTheLast()
    {
        var leader = StartLeader();
        Assert.Equal([1L, 2L, 3L, 4L], new[] { Allocate(leader, "a"), Allocate(leader, "b"), Allocate(leader, "c"), Allocate(leader, "a", removes: true) });
        Assert.Empty(Republished(0));   // an empty journal: nothing to republish
        Stop(leader);

        var again = StartLeader();
        Assert.Equal(["b", "c"], Republished(2).Order());   // every object the journal knows, not the removed one
        Assert.Equal(5, Allocate(again, "d"));
    }

    [Fact]
    public void SnapshotsEveryNWritesDeletesTheJournalUpToItAndRecoversFromSnapshotAndEvents()
    {
        var leader = StartLeader(snapshotEvery: 3);
        Allocate(leader, "a");
        Allocate(leader, "b");
        Allocate(leader, "a", removes: true);   // version 3: the snapshot (b at version 3)
        Allocate(leader, "c");                  // version 4: after it, in the journal only

        AwaitAssert(() =>
        {
            var seen = Read(ignoreSnapshots: false);
            Assert.NotNull(seen.Snapshot);
            Assert.Equal(3, seen.SnapshotSequenceNr);
            Assert.Equal(3, seen.Snapshot!.Version);
            Assert.Equal(["b"], seen.Snapshot.Names);
            Assert.Equal([4L], seen.Events.Select(e => e.Version));
        }, Wait);
        // the journal holds nothing up to the snapshot any more
        AwaitAssert(() => Assert.Equal([4L], Read(ignoreSnapshots: true).Events.Select(e => e.Version)), Wait);

        Stop(leader);
        var again = StartLeader(snapshotEvery: 3);
        Assert.Equal(["b", "c"], Republished(2).Order());
        Assert.Equal(5, Allocate(again, "d"));
        Assert.Equal(6, Allocate(again, "e"));   // the second snapshot
        AwaitAssert(() => Assert.Equal(6, Read(ignoreSnapshots: false).SnapshotSequenceNr), Wait);
    }

    [Fact]
    public void ALeaderWhoseJournalFailsRefusesAtOnceAndItsSupervisorBringsItBackWithoutLosingAVersion()
    {
        var supervisor = Sys.ActorOf(LeaderSupervision.Props(Leader.Props(_objects.Ref),
            minBackoff: TimeSpan.FromMilliseconds(50), maxBackoff: TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, Allocate(supervisor, "a"));

        Switch(available: false);
        supervisor.Tell(new AllocateVersion("b", false), TestActor);
        var refused = ExpectMsg<VersionRefused>(Wait);   // the failed write is answered, not dropped
        Assert.Contains("the test database is down", refused.Reason);

        // while the journal stays down, the leader keeps failing and the supervisor answers for it
        AwaitAssert(() =>
        {
            supervisor.Tell(new AllocateVersion("c", false), TestActor);
            Assert.Contains("restarting", ExpectMsg<VersionRefused>(TimeSpan.FromMilliseconds(300)).Reason);
        }, Wait, TimeSpan.FromMilliseconds(10));
        Assert.Empty(Republished(0));   // no incarnation recovered in the meantime

        Switch(available: true);
        Assert.Equal(["a"], Republished(1));   // an incarnation recovered and rebuilt the catalog
        Assert.Equal(2, Allocate(supervisor, "d"));   // b was never journaled
    }

    private void Switch(bool available)
    {
        ToggleJournal.Of(Sys).Tell(new JournalAvailability(available), TestActor);
        ExpectMsg<JournalAvailability>(Wait);
    }

    private ReaderReport Read(bool ignoreSnapshots)
    {
        var reader = Sys.ActorOf(Props.Create(() => new JournalReader(Leader.Id, ignoreSnapshots, TestActor)));
        var report = ExpectMsg<ReaderReport>(Wait);
        Sys.Stop(reader);
        return report;
    }

    private sealed record ReaderReport(LeaderSnapshot? Snapshot, long SnapshotSequenceNr, IReadOnlyList<VersionTaken> Events);

    /// <summary>Recovers the leader's persistence id and reports what it was offered.</summary>
    private sealed class JournalReader : ReceivePersistentActor
    {
        private readonly bool _ignoreSnapshots;
        private LeaderSnapshot? _snapshot;
        private long _snapshotSequenceNr;
        private readonly List<VersionTaken> _events = [];

        public JournalReader(string persistenceId, bool ignoreSnapshots, IActorRef report)
        {
            PersistenceId = persistenceId;
            _ignoreSnapshots = ignoreSnapshots;
            Recover<SnapshotOffer>(s => { _snapshot = (LeaderSnapshot)s.Snapshot; _snapshotSequenceNr = s.Metadata.SequenceNr; });
            Recover<VersionTaken>(_events.Add);
            Recover<RecoveryCompleted>(_ => report.Tell(new ReaderReport(_snapshot, _snapshotSequenceNr, _events)));
        }

        public override string PersistenceId { get; }

        public override Recovery Recovery => _ignoreSnapshots ? new Recovery(SnapshotSelectionCriteria.None) : base.Recovery;
    }
}
