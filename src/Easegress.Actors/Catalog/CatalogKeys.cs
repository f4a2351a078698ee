using Akka.DistributedData;

namespace Easegress.Actors.Catalog;

/// <summary>
/// The replicated catalog (Akka.DistributedData, in memory on every node; the journal is the durable copy and
/// the leader rebuilds the catalog from it when a cluster starts).
/// </summary>
public static class CatalogKeys
{
    /// <summary>Every object, by name. Each entry is written only by its object's entity; the clock is the
    /// object's config version, so the latest write wins whichever node made it.</summary>
    public static readonly LWWDictionaryKey<string, CatalogEntry> Objects = new("eg-objects");

    /// <summary>The cluster-wide config version (<c>X-Config-Version</c>); larger wins.</summary>
    public static readonly LWWRegisterKey<long> ConfigVersion = new("eg-config-version");

    /// <summary>Written by the leader once every object it recovered from the journal has published itself again with a
    /// majority (the value is the config version then). Replicated state lives only in memory, so after a restart of
    /// the whole cluster this is absent until the catalog is whole again; members answer no reads before they see it.</summary>
    public static readonly LWWRegisterKey<long> Rebuilt = new("eg-catalog-rebuilt");

    public static readonly Clock<CatalogEntry> EntryClock = (_, entry) => entry.Version;
    public static readonly Clock<long> VersionClock = (_, version) => version;
}
