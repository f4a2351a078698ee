using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using Easegress.Actors.Catalog;
using Easegress.Objects;
using Easegress.Specs;

namespace Easegress.Actors.Objects;

/// <summary>
/// The owner of one object (persistence id = its name): the single writer that validates, versions and
/// journals every change, then publishes it to the replicated catalog. It answers only after the event is
/// durable and the catalog write was accepted. For a business controller it also tells the controllers' shard region
/// each version it journals or republishes, and the delete, in the order it journals them.
/// When the journal fails (a recovery it cannot read, an event it cannot store), Akka stops the entity: it answers
/// the write it was journaling with 503, and <see cref="UndeliveredCommands"/> answers those left in its mailbox, so no
/// caller waits for a timeout. The shard starts the entity afresh for the next command.
/// </summary>
public sealed class ObjectEntity : ReceivePersistentActor
{
    private static readonly TimeSpan LeaderTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LeaderAttempt = TimeSpan.FromMilliseconds(250);

    private readonly IActorRef _leader;
    private readonly IActorRef _controllers;
    private readonly ObjectKindRegistry _kinds;
    private readonly CatalogWriter _catalog;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _persisting;   // who waits for the event being journaled
    private ObjectWritten? _state;

    public ObjectEntity(string name, IActorRef leader, IActorRef controllers, ObjectKindRegistry kinds)
    {
        PersistenceId = name;
        _leader = leader;
        _controllers = controllers;
        _kinds = kinds;
        _catalog = new CatalogWriter(DistributedData.Get(Context.System).Replicator, Cluster.Get(Context.System).SelfUniqueAddress);

        Recover<ObjectWritten>(e => _state = e);
        Recover<ObjectRemoved>(_ => _state = null);
        Recover<SnapshotOffer>(s => _state = s.Snapshot as ObjectWritten);

        CommandAsync<CreateObject>(c => WriteAsync(c.Name, c.Document, creating: true));
        CommandAsync<UpdateObject>(c => WriteAsync(c.Name, c.Document, creating: false));
        CommandAsync<DeleteObject>(DeleteAsync);
        Command<RepublishObject>(_ => Republish());
    }

    public override string PersistenceId { get; }

    private async Task WriteAsync(string name, string document, bool creating)
    {
        var replyTo = Sender;
        if (creating && _state is not null) { replyTo.Tell(WriteResult.Rejected(409, $"conflict name: {name}")); return; }
        if (!creating && _state is null) { replyTo.Tell(WriteResult.Rejected(404, $"{name} not found")); return; }

        ValidatedObject validated;
        try { validated = _kinds.Validate(JsonNode.Parse(document)!.AsObject()); }
        catch (SpecException e) { replyTo.Tell(WriteResult.Rejected(400, e.Message)); return; }
        if (validated.Name != name) { replyTo.Tell(WriteResult.Rejected(400, "inconsistent name in url and spec")); return; }
        if (!creating && validated.Kind.Name != _state!.Kind)
        {
            replyTo.Tell(WriteResult.Rejected(400, $"different kinds: {_state.Kind} cannot become {validated.Kind.Name}"));
            return;
        }

        if (NoQuorum() is { } noQuorum) { replyTo.Tell(noQuorum); return; }
        var (version, refused) = await AllocateVersionAsync(name, removes: false);
        if (refused is not null) { replyTo.Tell(refused); return; }
        _persisting = replyTo;
        Persist(new ObjectWritten(name, validated.Kind.Name, document, version), e =>
        {
            _persisting = null;
            _state = e;
            _log.Info("{0} {1} {2} at version {3}", creating ? "created" : "updated", e.Kind, e.Name, e.Version);
            TellController(e);
            Answer(_catalog.PublishAsync(new CatalogEntry(e.Name, e.Kind, e.Version, e.Document), majority: true), e.Name, e.Version, e.Kind)
                .PipeTo(replyTo);
        });
    }

    private async Task DeleteAsync(DeleteObject command)
    {
        var replyTo = Sender;
        if (_state is null) { replyTo.Tell(WriteResult.Rejected(404, $"{command.Name} not found")); return; }
        if (NoQuorum() is { } noQuorum) { replyTo.Tell(noQuorum); return; }
        var (version, refused) = await AllocateVersionAsync(command.Name, removes: true);
        if (refused is not null) { replyTo.Tell(refused); return; }
        var kind = _state.Kind;
        _persisting = replyTo;
        Persist(new ObjectRemoved(command.Name, version), e =>
        {
            _persisting = null;
            _state = null;
            _log.Info("deleted {0} {1} at version {2}", kind, e.Name, e.Version);
            if (RunsOncePerCluster(kind)) _controllers.Tell(new StopController(e.Name, e.Version));
            Answer(_catalog.RemoveAsync(e.Name, e.Version), e.Name, e.Version, kind).PipeTo(replyTo);
            Context.Parent.Tell(new Akka.Cluster.Sharding.Passivate(PoisonPill.Instance));
        });
    }

    private void Republish()
    {
        if (_state is null) { Sender.Tell(WriteResult.Rejected(404, $"{PersistenceId} not found")); return; }
        var replyTo = Sender;
        var state = _state;
        TellController(state);
        // with a majority: the leader's rebuild counts on it (a member reading a majority then has the whole catalog)
        Answer(_catalog.PublishAsync(new CatalogEntry(state.Name, state.Kind, state.Version, state.Document), majority: true),
            state.Name, state.Version, state.Kind).PipeTo(replyTo);
    }

    private void TellController(ObjectWritten e)
    {
        if (RunsOncePerCluster(e.Kind)) _controllers.Tell(new RunController(e.Name, e.Kind, e.Version, e.Document));
    }

    private bool RunsOncePerCluster(string kind) => _kinds.TryGet(kind, out var k) && ControllerKind.OncePerCluster(k);

    /// <summary>The journal holds the change once this runs, so it is durable whatever the catalog says: a write that
    /// too few members confirmed in time is still acknowledged (gossip finishes the job) but logged; a catalog fault
    /// is answered with 500 so the caller knows the nodes may not serve it yet.</summary>
    private async Task<WriteResult> Answer(Task<CatalogReach> publishing, string name, long version, string kind)
    {
        try
        {
            if (await publishing.ConfigureAwait(false) == CatalogReach.LocalOnly)
                _log.Warning("{0} at version {1} is journaled, but too few members confirmed it within 5s; it spreads when they are reachable", name, version);
            return WriteResult.Ok(version, kind);
        }
        catch (CatalogWriteException e)
        {
            _log.Error("{0} at version {1} is journaled, but {2}", name, version, e.Message);
            return WriteResult.Rejected(500, $"{name} is stored at version {version}, but could not be published to the nodes: {e.Message}");
        }
    }

    /// <summary>Asks the leader for the next config version, again every quarter second until <see cref="LeaderTimeout"/>: an ask
    /// sent to a leader that has just died is lost, and its successor (running a few seconds later) must get a fresh one.
    /// A version the leader handed out twice for one name leaves a gap in the numbers, nothing worse. A leader that
    /// answers it cannot journal the version (the database is away) refuses the write at once.</summary>
    private async Task<(long Version, WriteResult? Refused)> AllocateVersionAsync(string name, bool removes)
    {
        var deadline = DateTime.UtcNow + LeaderTimeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            try
            {
                switch (await _leader.Ask<object>(new AllocateVersion(name, removes), left < LeaderAttempt ? left : LeaderAttempt))
                {
                    case VersionAllocated allocated:
                        return (allocated.Version, null);
                    case VersionRefused refused:
                        _log.Warning("write of {0} refused: {1}", name, refused.Reason);
                        return (0, WriteResult.Rejected(503, $"the cluster cannot take writes now: {refused.Reason}"));
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { }
        }
        _log.Warning("write of {0} refused: the leader did not answer within {1}", name, LeaderTimeout);
        return (0, NoLeader());
    }

    /// <summary>The commands that wait for the recovery end in dead letters when Akka stops the entity after this, and
    /// <see cref="UndeliveredCommands"/> answers them.</summary>
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        if (message is not null)
            _log.Error(reason, "{0} cannot be recovered: its journaled event {1} fails", PersistenceId, message.GetType().Name);
        else
            _log.Warning("write of {0} refused: the journal cannot be read ({1})", PersistenceId, JournalFailure.Describe(reason));
    }

    /// <summary>The event may or may not be stored: the write is not acknowledged (a retry either writes it again or
    /// finds it there). Akka stops the entity after this.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Warning("write of {0} refused: the journal did not store it ({1})", PersistenceId, JournalFailure.Describe(cause));
        _persisting?.Tell(JournalUnavailable(cause));
        _persisting = null;
    }

    private static WriteResult JournalUnavailable(Exception cause) =>
        WriteResult.Rejected(503, $"the cluster cannot take writes now: the journal is unavailable ({JournalFailure.Describe(cause)})");

    /// <summary>A write is taken only where a majority of the primaries is reachable: on the minority side of a partition
    /// (before the split-brain resolver has decided) it is refused, so no acknowledged write can be undone.</summary>
    private static WriteResult? NoQuorum()
    {
        var state = Cluster.Get(Context.System).State;
        var primaries = state.Members.Where(m => m.HasRole(Hosting.EasegressActorSystem.PrimaryRole)
                                                 && m.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
        var reachable = primaries.Count(m => !state.Unreachable.Contains(m));
        return reachable * 2 > primaries.Count ? null
            : WriteResult.Rejected(503, $"the cluster cannot take writes now: only {reachable} of {primaries.Count} primaries are reachable from the member holding this object");
    }

    private static WriteResult NoLeader() => WriteResult.Rejected(503, "the cluster cannot take writes now: no leader answered");
}
