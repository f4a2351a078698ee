using System.Diagnostics;
using Akka.Actor;
using Akka.Pattern;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Leadership;

/// <summary>
/// Runs the <see cref="Leader"/> under a backoff supervisor, as Akka.NET recommends for a persistent actor that depends
/// on a database. Akka stops a persistent actor whose journal write or recovery fails, and the cluster singleton
/// manager does not start a singleton that stopped again: without the supervisor, one failed write while the database
/// was away left the cluster without a leader (every later write refused with 503) until the member restarted. The
/// supervisor is the singleton; it starts the leader again 0.2 s after it stopped, doubling up to 2 s (±20%) while it
/// keeps failing, so the leader is back within about 2 s of the database's return. While the leader is stopped, the
/// supervisor answers a version request with <see cref="VersionRefused"/>, so a write is refused at once rather than
/// after the object's wait for the leader.
/// </summary>
public static class LeaderSupervision
{
    public static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    public const double RandomFactor = 0.2;
    public const string ChildName = "leader";

    /// <summary>The supervisor's props, around <paramref name="leader"/> (see <see cref="Leader.Props"/>).</summary>
    public static Props Props(Props leader, TimeSpan? minBackoff = null, TimeSpan? maxBackoff = null) =>
        BackoffSupervisor.Props(Backoff
            .OnStop(leader, ChildName, minBackoff ?? MinBackoff, maxBackoff ?? MaxBackoff, RandomFactor, maxNrOfRetries: -1)
            .WithReplyWhileStopped(new VersionRefused("the leader is restarting after a journal failure")));
}

/// <summary>Whether the leader's journal is failing, kept across the leader's restarts: an outage is logged once when
/// it starts and once when it ends, not at every retry.</summary>
public sealed class JournalOutage
{
    private long _since;   // Stopwatch timestamp of the first failure; 0 while the journal answers

    /// <summary>Marks the journal failing; true when it was not already.</summary>
    public bool Begin() => Interlocked.CompareExchange(ref _since, Math.Max(1, Stopwatch.GetTimestamp()), 0) == 0;

    /// <summary>Marks the journal answering; how long it had been failing, or null when it was not.</summary>
    public TimeSpan? End()
    {
        var since = Interlocked.Exchange(ref _since, 0);
        return since == 0 ? null : Stopwatch.GetElapsedTime(since);
    }
}
