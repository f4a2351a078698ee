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
/// asking every known object to republish itself (<see cref="CatalogRebuild"/>).
/// It stops when the journal fails (a version it could not store, a recovery it could not read); it runs under
/// <see cref="LeaderSupervision"/>, which starts it again with a backoff.
/// </summary>
public sealed class Leader : ReceivePersistentActor, IWithTimers
{
    public const string Id = "$eg-leader";   // '$' cannot appear in an object name
    public const int DefaultSnapshotEvery = 500;

    private readonly IActorRef _objects;
    private readonly int _snapshotEvery;
    private readonly JournalOutage _outage;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private long _version;
    private IActorRef? _allocating;   // who waits for the version being journaled
    private CatalogRebuild? _rebuild;

    public ITimerScheduler Timers { get; set; } = null!;

    public Leader(IActorRef objects, int snapshotEvery, JournalOutage outage)
    {
        if (snapshotEvery < 1) throw new ArgumentOutOfRangeException(nameof(snapshotEvery), snapshotEvery, "must be at least 1");
        _objects = objects;
        _snapshotEvery = snapshotEvery;
        _outage = outage;
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
            _allocating = Sender;
            Persist(new VersionTaken(c.Name, _version + 1, c.Removes), e =>
            {
                Apply(e);
                _allocating.Tell(new VersionAllocated(e.Version));
                _allocating = null;
                if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(new LeaderSnapshot(_version, _names.ToArray()));
            });
        });
        Command<ObjectRepublished>(r => _rebuild?.Answered(r));
        Command<CatalogRebuilt>(r =>
        {
            _rebuild?.Marked(r);
            if (_rebuild?.Done == true) Timers.Cancel(RebuildTick.Instance);
        });
        Command<RebuildTick>(_ => _rebuild?.Tick());
        Command<SaveSnapshotSuccess>(s => DeleteMessages(s.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning("leader snapshot failed: {0}", f.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("leader journal cleanup failed: {0}", f.Cause.Message));
    }

    /// <summary>The leader's props; <paramref name="snapshotEvery"/> journaled versions make a snapshot (and the
    /// journal is cleaned up to it). Give every incarnation the same <paramref name="outage"/> (the props do).</summary>
    public static Props Props(IActorRef objects, int snapshotEvery = DefaultSnapshotEvery, JournalOutage? outage = null)
    {
        var shared = outage ?? new JournalOutage();
        return Akka.Actor.Props.Create(() => new Leader(objects, snapshotEvery, shared));
    }

    public override string PersistenceId => Id;

    private void Apply(VersionTaken e)
    {
        _version = e.Version;
        if (e.Removes) _names.Remove(e.Name); else _names.Add(e.Name);
    }

    private void Rebuild()
    {
        if (_outage.End() is { } lasted)
            _log.Warning("the journal answers again after {0:0.0}s of failures: the leader takes writes again", lasted.TotalSeconds);
        _log.Info("leader running on {0}: config version {1}, {2} objects", Cluster.Get(Context.System).SelfAddress, _version, _names.Count);
        var catalog = new CatalogWriter(DistributedData.Get(Context.System).Replicator, Cluster.Get(Context.System).SelfUniqueAddress);
        _ = catalog.PublishVersionAsync(_version, WriteLocal.Instance);
        _rebuild = new CatalogRebuild(_objects, Self, catalog, _log);
        Timers.StartPeriodicTimer(RebuildTick.Instance, RebuildTick.Instance, CatalogRebuild.Retry);
        _rebuild.Start(_names, _version);
    }

    /// <summary>The version was not journaled (or may not have been): the writer is told at once, and the leader
    /// stops (Akka stops a persistent actor after a failed write); its supervisor starts it again.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _allocating?.Tell(new VersionRefused($"the journal did not store the config version: {JournalFailure.Describe(cause)}"));
        _allocating = null;
        if (_outage.Begin())
            _log.Warning("the journal did not store config version {0} ({1}): writes are refused until it answers; the leader restarts and tries again",
                (@event as VersionTaken)?.Version, JournalFailure.Describe(cause));
        else
            _log.Debug("the journal still fails: {0}", JournalFailure.Describe(cause));
    }

    /// <summary>One line when the journal cannot be read, not one per retry: the supervisor retries every few seconds
    /// for as long as the database is away.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        if (message is not null)
            _log.Error(reason, "the leader cannot replay its journal: event {0} failed", message.GetType().Name);
        else if (_outage.Begin())
            _log.Warning("the leader cannot read the journal ({0}): writes are refused until it answers; it tries again every {1}s at most",
                JournalFailure.Describe(reason), LeaderSupervision.MaxBackoff.TotalSeconds);
        else
            _log.Debug("the leader still cannot read the journal: {0}", JournalFailure.Describe(reason));
    }
}

/// <summary>The leader's snapshot. Its stored format is Serialization/LeaderFormats.cs, not these names.</summary>
public sealed record LeaderSnapshot(long Version, string[] Names);
