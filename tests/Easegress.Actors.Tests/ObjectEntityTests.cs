using Easegress.Actors.Replica;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.TestKit.Xunit2;
using Easegress.Actors.Catalog;
using Easegress.Actors.Objects;
using Easegress.Actors.Tests.Controllers;
using Easegress.Objects;

namespace Easegress.Actors.Tests;

public sealed class ObjectEntityTests : TestKit
{
    private const string Pipeline = """{"name":"p1","kind":"Pipeline","filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:9"}]}]}]}""";
    private const string Server = """{"name":"p1","kind":"HTTPServer","port":10080,"rules":[]}""";

    private readonly IActorRef _leader;

    public ObjectEntityTests() : base(ClusterOfOne.Config)
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == MemberStatus.Up), TimeSpan.FromSeconds(10));
        _leader = Sys.ActorOf(Props.Create(() => new CountingLeader()));
        Sys.ActorOf(Props.Create(() => new UndeliveredCommands()));   // as on every primary
    }

    private IActorRef Entity(string name) => Sys.ActorOf(Props.Create(() => new ObjectEntity(name, _leader, ActorRefs.Nobody, BuiltInKinds.Objects)));

    private WriteResult Write(IActorRef entity, object command)
    {
        entity.Tell(command, TestActor);
        return ExpectMsg<WriteResult>(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void WritesAreValidatedVersionedAndPublished()
    {
        var entity = Entity("p1");
        var created = Write(entity, new CreateObject("p1", Pipeline));
        Assert.Equal(200, created.Status);
        Assert.Equal(1, created.Version);

        Assert.Equal(409, Write(entity, new CreateObject("p1", Pipeline)).Status);
        Assert.Equal(400, Write(entity, new UpdateObject("p1", Server)).Status);   // different kinds
        var bad = Write(entity, new UpdateObject("p1", Pipeline.Replace("http://127.0.0.1:9", "nope")));
        Assert.Equal(400, bad.Status);
        Assert.Contains("filters[0].pools[0].servers[0].url", bad.Message);

        Assert.Equal(2, Write(entity, new UpdateObject("p1", Pipeline)).Version);

        var replicator = DistributedData.Get(Sys).Replicator;
        replicator.Tell(Dsl.Get(CatalogKeys.Objects, ReadLocal.Instance), TestActor);
        var entry = ExpectMsg<GetSuccess>().Get(CatalogKeys.Objects)["p1"];
        Assert.Equal(2, entry.Version);
        Assert.Equal("Pipeline", entry.Kind);
    }

    [Fact]
    public void StateIsRecoveredFromTheJournal()
    {
        var entity = Entity("p1");
        Assert.Equal(200, Write(entity, new CreateObject("p1", Pipeline)).Status);
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);

        var again = Entity("p1");
        Assert.Equal(409, Write(again, new CreateObject("p1", Pipeline)).Status);
        Assert.Equal(200, Write(again, new RepublishObject("p1")).Status);
        Assert.Equal(200, Write(again, new DeleteObject("p1")).Status);
        Assert.Equal(404, Write(again, new DeleteObject("p1")).Status);
        Assert.Equal(404, Write(again, new UpdateObject("p1", Pipeline)).Status);
    }

    [Fact]
    public void WritesWaitForTheLeaderAndFailWith503WithoutOne()
    {
        var silentLeader = CreateTestProbe();
        var entity = Sys.ActorOf(Props.Create(() => new ObjectEntity("p2", silentLeader.Ref, ActorRefs.Nobody, BuiltInKinds.Objects)));
        entity.Tell(new CreateObject("p2", Pipeline.Replace("\"p1\"", "\"p2\"")), TestActor);
        silentLeader.ExpectMsg<AllocateVersion>();
        var result = ExpectMsg<WriteResult>(TimeSpan.FromSeconds(10));
        Assert.Equal(503, result.Status);
    }

    [Fact]
    public void AWriteIsRefusedAtOnceWhenTheLeaderCannotJournalItsVersion()
    {
        var leader = CreateTestProbe();
        var entity = Sys.ActorOf(Props.Create(() => new ObjectEntity("p3", leader.Ref, ActorRefs.Nobody, BuiltInKinds.Objects)));
        entity.Tell(new CreateObject("p3", Pipeline.Replace("\"p1\"", "\"p3\"")), TestActor);
        leader.ExpectMsg<AllocateVersion>();
        leader.Reply(new VersionRefused("the journal did not store the config version: down"));
        var result = ExpectMsg<WriteResult>(TimeSpan.FromSeconds(1));   // not after the 5 s an entity waits for a silent leader
        Assert.Equal(503, result.Status);
        Assert.Contains("the journal did not store the config version", result.Message);
        leader.ExpectNoMsg(TimeSpan.FromMilliseconds(300));   // and it does not ask again
    }

    [Fact]
    public void WritesAreAnsweredWith503AtOnceWhenTheEntityCannotReadOrWriteItsJournal()
    {
        // an entity that cannot read its journal stops; the command that started it is answered all the same
        Switch(available: false);
        var unreadable = Entity("p1");
        unreadable.Tell(new CreateObject("p1", Pipeline), TestActor);
        var unread = ExpectMsg<WriteResult>(TimeSpan.FromSeconds(2));
        Assert.Equal(503, unread.Status);
        Assert.Contains("the entity of p1 stopped before it took the write", unread.Message);

        // an entity that cannot store its event answers the write, then stops
        Switch(available: true);
        var entity = Entity("p1");
        Assert.Equal(1, Write(entity, new CreateObject("p1", Pipeline)).Version);
        Switch(available: false);
        Watch(entity);
        entity.Tell(new UpdateObject("p1", Pipeline.Replace("http://127.0.0.1:9", "http://127.0.0.1:8")), TestActor);
        var unstored = ExpectMsg<WriteResult>(TimeSpan.FromSeconds(2));
        Assert.Equal(503, unstored.Status);
        Assert.Contains("the journal is unavailable (the test database is down)", unstored.Message);
        ExpectTerminated(entity);

        // the journal back, the object is as it was acknowledged
        Switch(available: true);
        var again = Entity("p1");
        var republished = Write(again, new RepublishObject("p1"));
        Assert.Equal(200, republished.Status);
        Assert.Equal(1, republished.Version);
        Assert.Equal(200, Write(again, new UpdateObject("p1", Pipeline)).Status);
    }

    [Fact]
    public async Task AWriteThatReachesAStoppedEntityIsAnsweredAtOnce()
    {
        var stopped = CreateTestProbe();
        Watch(stopped.Ref);
        Sys.Stop(stopped.Ref);
        ExpectTerminated(stopped.Ref);
        var result = await stopped.Ref.Ask<WriteResult>(new UpdateObject("p4", Pipeline), TimeSpan.FromSeconds(2));
        Assert.Equal(503, result.Status);
        Assert.Contains("the entity of p4 stopped", result.Message);
    }

    [Fact]
    public void TheOwnerOfABusinessControllerTellsItsControllerEachVersionAndTheDeleteInOrder()
    {
        var controllers = CreateTestProbe();
        var kinds = new ObjectKindRegistry(BuiltInKinds.Objects.Kinds.Append(new RecordingControllerKind(new ControllerRecord(), "m")), BuiltInKinds.Shape);
        var registry = Sys.ActorOf(Props.Create(() => new ObjectEntity("registry", _leader, controllers.Ref, kinds)));
        var first = RecordingControllerKind.Document("registry");
        var second = RecordingControllerKind.Document("registry", note: "second");

        var created = Write(registry, new CreateObject("registry", first));
        Assert.Equal(new RunController("registry", RecordingControllerKind.KindName, created.Version, first), controllers.ExpectMsg<RunController>());
        var updated = Write(registry, new UpdateObject("registry", second));
        Assert.Equal(updated.Version, controllers.ExpectMsg<RunController>().Version);
        Assert.Equal(200, Write(registry, new RepublishObject("registry")).Status);
        Assert.Equal(new RunController("registry", RecordingControllerKind.KindName, updated.Version, second), controllers.ExpectMsg<RunController>());
        var deleted = Write(registry, new DeleteObject("registry"));
        Assert.Equal(new StopController("registry", deleted.Version), controllers.ExpectMsg<StopController>());

        // a traffic object's owner tells the controllers nothing
        var pipeline = Sys.ActorOf(Props.Create(() => new ObjectEntity("p1", _leader, controllers.Ref, kinds)));
        Assert.Equal(200, Write(pipeline, new CreateObject("p1", Pipeline)).Status);
        Assert.Equal(200, Write(pipeline, new DeleteObject("p1")).Status);
        controllers.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    private void Switch(bool available)
    {
        ToggleJournal.Of(Sys).Tell(new JournalAvailability(available), TestActor);
        ExpectMsg<JournalAvailability>();
    }

    [Fact]
    public async Task StoreAnswers503WhenNoEntityAnswers()
    {
        var store = new ObjectStore(CreateTestProbe().Ref, new LocalReplica(), writeTimeout: TimeSpan.FromMilliseconds(200));
        var result = await store.CreateAsync("x", Pipeline);
        Assert.Equal(503, result.Status);
    }

    private sealed class CountingLeader : ReceiveActor
    {
        private long _version;
        public CountingLeader() => Receive<AllocateVersion>(_ => Sender.Tell(new VersionAllocated(++_version)));
    }
}
