using Easegress.Actors.Members;

using Easegress.Actors.Catalog;

namespace Easegress.Actors.Replica;

/// <summary>
/// This node's last view of the replicated catalog, member list and config version, kept outside the replicator:
/// the admin API reads it without asking an actor, and it stays readable when this member has been cut off from
/// the cluster (the replicator stops then) and keeps serving with its last configuration.
/// </summary>
public sealed class LocalReplica
{
    private volatile IReadOnlyDictionary<string, CatalogEntry> _objects = new Dictionary<string, CatalogEntry>();
    private volatile IReadOnlyDictionary<string, MemberRecord> _members = new Dictionary<string, MemberRecord>();
    private long _configVersion;
    private volatile string? _notReady = "it has just started";

    public IReadOnlyDictionary<string, CatalogEntry> Objects => _objects;
    public IReadOnlyDictionary<string, MemberRecord> Members => _members;
    public long ConfigVersion => Interlocked.Read(ref _configVersion);

    /// <summary>Whether this member has the cluster's state (<see cref="ReplicaReadiness"/>): before, its view may be
    /// incomplete (empty just after a start) and reads are refused rather than answered with it.</summary>
    public bool IsReady => _notReady is null;

    /// <summary>What this member still waits for, or null once it is ready.</summary>
    public string? NotReadyBecause => _notReady;

    internal void SetNotReady(string reason)
    {
        if (_notReady is not null) _notReady = reason;
    }

    /// <summary>For a replica that has the state without the cluster (tests, tools reading a replica they filled).</summary>
    public void SetReady() => _notReady = null;

    internal void SetObjects(IReadOnlyDictionary<string, CatalogEntry> objects)
    {
        _objects = objects;
        // an object written at version v means the config is at v or later, even before the version key arrives
        foreach (var entry in objects.Values) SetConfigVersion(entry.Version);
    }
    internal void SetMembers(IReadOnlyDictionary<string, MemberRecord> members) => _members = members;

    internal void SetConfigVersion(long version)
    {
        long current;
        do { current = Interlocked.Read(ref _configVersion); }
        while (version > current && Interlocked.CompareExchange(ref _configVersion, version, current) != current);
    }
}
