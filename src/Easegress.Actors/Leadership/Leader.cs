using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using Easegress.Actors.Catalog;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Leadership;

/// <summary>
/// The cluster singleton that stands where Easegress has its Raft leader: it hands out the cluster-wide config
/// version (one per write, journaled) and, when it starts, rebuilds the replicated catalog from the journal by
/// asking every known object to republish itself.
/// </summary>
public sealed class Leader : ReceivePersistentActor
{
    public const string Id = "$eg-leader";   // '$' cannot appear in an object name
    private const int SnapshotEvery = 500;

    private readonly IActorRef _objects;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private long _version;

    public Leader(IActorRef objects)
    {
        _objects = objects;
        Recover<VersionTaken>(Apply);
        Recover<SnapshotOffer>(s =>
        {
            if (s.Snapshot is not LeaderSnapshot snapshot) return;
            _version = snapshot.Version;
            _names.Clear();
            _names.UnionWith(snapshot.Names);
        });
        Recover<RecoveryCompleted>(_ => Rebuild());

        Command<AllocateVersion>(c =>
        {
            var replyTo = Sender;
            Persist(new VersionTaken(c.Name, _version + 1, c.Removes), e =>
            {
                Apply(e);
                replyTo.Tell(new VersionAllocated(e.Version));
                if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new LeaderSnapshot(_version, _names.ToArray()));
            });
        });
        Command<WriteResult>(_ => { });
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning("leader snapshot failed: {0}", f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("leader journal cleanup failed: {0}", f.Cause.Message));
    }

    public override string PersistenceId => Id;

    private void Apply(VersionTaken e)
    {
        _version = e.Version;
        if (e.Removes) _names.Remove(e.Name); else _names.Add(e.Name);
    }

    private void Rebuild()
    {
        _log.Info("leader running on {0}: config version {1}, {2} objects", Cluster.Get(Context.System).SelfAddress, _version, _names.Count);
        var catalog = new CatalogWriter(DistributedData.Get(Context.System).Replicator, Cluster.Get(Context.System).SelfUniqueAddress);
        _ = catalog.PublishVersionAsync(_version, WriteLocal.Instance);
        foreach (var name in _names) _objects.Tell(new RepublishObject(name));
    }
}

/// <summary>The leader's snapshot. Its stored format is Serialization/LeaderFormats.cs, not these names.</summary>
public sealed record LeaderSnapshot(long Version, string[] Names);
