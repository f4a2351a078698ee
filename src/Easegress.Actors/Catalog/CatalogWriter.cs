using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;

namespace Easegress.Actors.Catalog;

/// <summary>How far a catalog write got.</summary>
public enum CatalogReach
{
    /// <summary>Every write was accepted with the consistency asked for.</summary>
    Confirmed,

    /// <summary>The local replica has it, but not enough members confirmed in time: gossip carries it on when they
    /// are reachable (the journal already holds the change, so nothing is lost).</summary>
    LocalOnly,
}

/// <summary>Writes catalog entries and the config version to the local replicator.</summary>
public sealed class CatalogWriter(IActorRef replicator, UniqueAddress self)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<CatalogReach> PublishAsync(CatalogEntry entry, bool majority)
    {
        IWriteConsistency consistency = majority ? new WriteMajority(Timeout) : WriteLocal.Instance;
        var entries = await UpdateAsync(Dsl.Update(CatalogKeys.Objects, LWWDictionary<string, CatalogEntry>.Empty, consistency,
            d => d.SetItem(self, entry.Name, entry, CatalogKeys.EntryClock))).ConfigureAwait(false);
        return Worst(entries, await PublishVersionAsync(entry.Version, consistency).ConfigureAwait(false));
    }

    public async Task<CatalogReach> RemoveAsync(string name, long version)
    {
        IWriteConsistency consistency = new WriteMajority(Timeout);
        var entries = await UpdateAsync(Dsl.Update(CatalogKeys.Objects, LWWDictionary<string, CatalogEntry>.Empty, consistency,
            d => d.Remove(self, name))).ConfigureAwait(false);
        return Worst(entries, await PublishVersionAsync(version, consistency).ConfigureAwait(false));
    }

    /// <summary>Marks the catalog rebuilt by the leader (<see cref="CatalogKeys.Rebuilt"/>), with a majority.</summary>
    public Task<CatalogReach> MarkRebuiltAsync(long version) =>
        UpdateAsync(Dsl.Update(CatalogKeys.Rebuilt, new LWWRegister<long>(self, 0L, 0L), new WriteMajority(Timeout),
            r => r.WithValue(self, Math.Max(version, r.Value), CatalogKeys.VersionClock)));

    public Task<CatalogReach> PublishVersionAsync(long version, IWriteConsistency consistency) =>
        UpdateAsync(Dsl.Update(CatalogKeys.ConfigVersion, new LWWRegister<long>(self, 0L, 0L), consistency,
            r => version > r.Value ? r.WithValue(self, version, CatalogKeys.VersionClock) : r));

    /// <summary>A timeout means the local replica took the change but too few members confirmed it; anything else
    /// that is not a success (a failed modification, deleted data) is a fault and is thrown.</summary>
    private async Task<CatalogReach> UpdateAsync(Update update)
    {
        IUpdateResponse response;
        try { response = await replicator.Ask<IUpdateResponse>(update, Timeout + TimeSpan.FromSeconds(1)).ConfigureAwait(false); }
        catch (AskTimeoutException) { return CatalogReach.LocalOnly; }
        return response switch
        {
            UpdateSuccess => CatalogReach.Confirmed,
            UpdateTimeout => CatalogReach.LocalOnly,
            _ => throw new CatalogWriteException($"the catalog refused the change of {update.Key}: {response}"),
        };
    }

    private static CatalogReach Worst(CatalogReach a, CatalogReach b) => a == CatalogReach.Confirmed ? b : a;
}

public sealed class CatalogWriteException(string message) : Exception(message);
