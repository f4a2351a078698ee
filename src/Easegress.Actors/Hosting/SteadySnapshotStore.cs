using Akka.Actor;
using Akka.Pattern;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace Easegress.Actors.Hosting;

/// <summary>
/// The SQL snapshot store, answering every request even while its circuit breaker is half open.
/// <para>
/// After the database has been away, Akka's circuit breaker lets one call through to test it ("half open"); a second
/// call at that moment is refused by an exception thrown at once rather than by a failed task, and the snapshot store
/// does not catch it: the store restarts, the request that caused it is never answered, and the restarted store waits
/// for its tables to be created (which fails again every second while the database is away) holding every later
/// request. A leader or object recovering at that moment waited for Akka's recovery timeout (30 s): during an outage
/// writes were refused only after 5 s, and after the database came back, writes stayed refused for another 30 s.
/// Here the refused call is answered as a failed one is, so the caller's recovery fails at once and is retried.
/// </para>
/// </summary>
public sealed class SteadySnapshotStore(Akka.Configuration.Config config) : SqlSnapshotStore(config)
{
    /// <summary>The HOCON that puts this store in place of the plugin's own (prepend it after the SQL persistence).</summary>
    public static string Config => $"akka.persistence.snapshot-store.sql.class = \"{typeof(SteadySnapshotStore).FullName}, {typeof(SteadySnapshotStore).Assembly.GetName().Name}\"";

    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (OpenCircuitException refused)
        {
            // what the store answers when the same call fails in its task; a SaveSnapshotFailure being handled has
            // already been passed on to its persistent actor, so there is nothing left to answer
            object? answer = message switch
            {
                LoadSnapshot => new LoadSnapshotFailed(refused),
                SaveSnapshot save => new SaveSnapshotFailure(save.Metadata, refused),
                DeleteSnapshot delete => new DeleteSnapshotFailure(delete.Metadata, refused),
                DeleteSnapshots delete => new DeleteSnapshotsFailure(delete.Criteria, refused),
                _ => null,
            };
            if (answer is null) return true;
            Sender.Tell(answer);
            return true;
        }
    }
}
