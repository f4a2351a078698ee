using Akka.Actor;
using Akka.Event;
using Easegress.Actors.Catalog;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Leadership;

/// <summary>
/// The leader's rebuild of the replicated catalog after it starts: it asks every object it knows of to publish itself
/// again (with a majority), asks again every 2 s those that did not confirm (their entity could not read the journal,
/// or did not answer in time), and once every one has confirmed, writes <see cref="CatalogKeys.Rebuilt"/> with a
/// majority. Until that marker exists no member answers reads (see <c>ReplicaReadiness</c>): after a restart of the
/// whole cluster the catalog is empty until the objects have published themselves, and a member that answered then
/// would list nothing although everything is stored.
/// </summary>
internal sealed class CatalogRebuild(IActorRef objects, IActorRef leader, CatalogWriter catalog, ILoggingAdapter log)
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);     // waiting for their entity's answer
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);    // to ask again at the next retry
    private readonly DateTime _started = DateTime.UtcNow;
    private long _version;
    private bool _marking;
    private int _count;

    public bool Done { get; private set; }

    public void Start(IEnumerable<string> names, long version)
    {
        _version = version;
        foreach (var name in names) Ask(name);
        _count = _asked.Count;
        if (_asked.Count == 0) Mark();
    }

    /// <summary>An entity's answer: published (200) or no such object (404: a version was taken for it, but the write
    /// that took it was never journaled) both count; anything else is asked again.</summary>
    public void Answered(ObjectRepublished answer)
    {
        if (!_asked.Remove(answer.Name)) return;
        if (!answer.Confirmed) _failed.Add(answer.Name);
        if (_asked.Count == 0 && _failed.Count == 0) Mark();
    }

    public void Marked(CatalogRebuilt marked)
    {
        _marking = false;
        if (!marked.Confirmed) return;   // retried at the next tick
        Done = true;
        log.Info("the catalog is rebuilt from the journal: {0} objects published in {1:0.0}s", _count, (DateTime.UtcNow - _started).TotalSeconds);
    }

    /// <summary>Every <see cref="Retry"/>: asks again the objects that failed, or writes the marker again.</summary>
    public void Tick()
    {
        if (Done) return;
        if (_failed.Count > 0)
        {
            var again = _failed.ToArray();
            _failed.Clear();
            foreach (var name in again) Ask(name);
        }
        else if (_asked.Count == 0) Mark();
    }

    private void Ask(string name)
    {
        _asked.Add(name);
        objects.Ask<WriteResult>(new RepublishObject(name), AskTimeout)
            .ContinueWith(t => new ObjectRepublished(name, t.IsCompletedSuccessfully && t.Result.Status is 200 or 404),
                TaskContinuationOptions.ExecuteSynchronously)
            .PipeTo(leader);
    }

    private void Mark()
    {
        if (_marking || Done) return;
        _marking = true;
        catalog.MarkRebuiltAsync(_version)
            .ContinueWith(t => new CatalogRebuilt(t.IsCompletedSuccessfully && t.Result == CatalogReach.Confirmed),
                TaskContinuationOptions.ExecuteSynchronously)
            .PipeTo(leader);
    }
}

/// <summary>To the leader itself: an object's entity answered (or did not) its request to publish itself again.</summary>
internal sealed record ObjectRepublished(string Name, bool Confirmed);

/// <summary>To the leader itself: the rebuilt marker was written with a majority, or not.</summary>
internal sealed record CatalogRebuilt(bool Confirmed);

/// <summary>To the leader itself: time to retry what the rebuild could not do yet.</summary>
internal sealed class RebuildTick
{
    public static readonly RebuildTick Instance = new();
}
