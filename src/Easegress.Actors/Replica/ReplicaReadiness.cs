using System.Diagnostics;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Easegress.Actors.Catalog;
using Easegress.Actors.Members;

namespace Easegress.Actors.Replica;

/// <summary>
/// Decides when this member may answer reads: once its <see cref="LocalReplica"/> holds the cluster's state, not
/// before. Every quarter second until then it checks that
/// <list type="number">
/// <item>its own member record has reached its member list;</item>
/// <item>the leader has rebuilt the catalog since the cluster started (<see cref="CatalogKeys.Rebuilt"/>, read from a
/// majority of the members);</item>
/// <item>every object and member record a majority of the members hold is in the local replica at that version or a
/// later one. Every acknowledged write was confirmed by a majority, and any two majorities share a member, so this
/// member then has every acknowledged write.</item>
/// </list>
/// Then it marks the replica ready and stops; a member stays ready (cut off from the others later, it keeps answering
/// with the state it has, as it keeps serving traffic with it).
/// </summary>
public sealed class ReplicaReadiness : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly LocalReplica _replica;
    private readonly string _member;
    private readonly IActorRef _replicator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _started = Stopwatch.GetTimestamp();
    private bool _checking;

    public ITimerScheduler Timers { get; set; } = null!;

    public ReplicaReadiness(LocalReplica replica, string member)
    {
        _replica = replica;
        _member = member;
        _replicator = DistributedData.Get(Context.System).Replicator;
        Receive<Check>(_ =>
        {
            if (_checking) return;
            _checking = true;
            CheckAsync().PipeTo(Self, success: reason => new Checked(reason), failure: e => new Checked($"the check failed: {e.Message}"));
        });
        Receive<Checked>(c =>
        {
            _checking = false;
            if (c.Missing is not null)
            {
                _replica.SetNotReady(c.Missing);
                return;
            }
            _replica.SetReady();
            _log.Info("this member has the cluster's state after {0:0.0}s: {1} objects, {2} members; it answers reads",
                Stopwatch.GetElapsedTime(_started).TotalSeconds, _replica.Objects.Count, _replica.Members.Count);
            Context.Stop(Self);
        });
    }

    protected override void PreStart() => Timers.StartPeriodicTimer(Check.Instance, Check.Instance, Interval);

    /// <summary>What is still missing, or null when nothing is.</summary>
    private async Task<string?> CheckAsync()
    {
        if (!_replica.Members.ContainsKey(_member))
            return "its own member record has not reached its member list yet";

        switch (await ReadMajorityAsync(CatalogKeys.Rebuilt).ConfigureAwait(false))
        {
            case NotFound: return "the leader has not finished loading the catalog from the journal";
            case not GetSuccess: return "a majority of the members did not answer";
        }

        var catalogs = await Task.WhenAll(ObjectKeys.Select(ReadMajorityAsync)).ConfigureAwait(false);
        var missing = 0;
        var total = 0;
        foreach (var read in catalogs)
        {
            if (read is NotFound) continue;
            if (read is not GetSuccess got) return "a majority of the members did not answer";
            foreach (var (name, entry) in ((LWWDictionary<string, CatalogEntry>)got.Data).Entries)
            {
                total++;
                if (!(_replica.Objects.TryGetValue(name, out var local) && local.Version >= entry.Version)) missing++;
            }
        }
        if (missing > 0) return $"the catalog is still arriving: {missing} of {total} objects";

        switch (await ReadMajorityAsync(MemberKeys.Members).ConfigureAwait(false))
        {
            case GetSuccess members when ((LWWDictionary<string, MemberRecord>)members.Data).Entries.Keys.Any(m => !_replica.Members.ContainsKey(m)):
                return "the member list is still arriving";
            case GetSuccess or NotFound:
                return null;
            default:
                return "a majority of the members did not answer";
        }
    }

    /// <summary>The keys of the catalog's objects.</summary>
    private static IEnumerable<IKey> ObjectKeys => [CatalogKeys.Objects];

    private Task<IGetResponse> ReadMajorityAsync(IKey key) =>
        _replicator.Ask<IGetResponse>(new Get(key, new ReadMajority(ReadTimeout)), ReadTimeout + TimeSpan.FromSeconds(1));

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }

    private sealed record Checked(string? Missing);
}
