using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;

namespace Easegress.Actors.Catalog;

/// <summary>Writes catalog entries and the config version to the local replicator.</summary>
public sealed class CatalogWriter(IActorRef replicator, UniqueAddress self)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task PublishAsync(CatalogEntry entry, bool majority)
    {
        IWriteConsistency consistency = majority ? new WriteMajority(Timeout) : WriteLocal.Instance;
        await replicator.Ask<IUpdateResponse>(Dsl.Update(CatalogKeys.Objects, LWWDictionary<string, CatalogEntry>.Empty, consistency,
            d => d.SetItem(self, entry.Name, entry, CatalogKeys.EntryClock)), Timeout + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await PublishVersionAsync(entry.Version, consistency).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string name, long version)
    {
        IWriteConsistency consistency = new WriteMajority(Timeout);
        await replicator.Ask<IUpdateResponse>(Dsl.Update(CatalogKeys.Objects, LWWDictionary<string, CatalogEntry>.Empty, consistency,
            d => d.Remove(self, name)), Timeout + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await PublishVersionAsync(version, consistency).ConfigureAwait(false);
    }

    public Task PublishVersionAsync(long version, IWriteConsistency consistency) =>
        replicator.Ask<IUpdateResponse>(Dsl.Update(CatalogKeys.ConfigVersion, new LWWRegister<long>(self, 0L, 0L), consistency,
            r => version > r.Value ? r.WithValue(self, version, CatalogKeys.VersionClock) : r), Timeout + TimeSpan.FromSeconds(1));
}
