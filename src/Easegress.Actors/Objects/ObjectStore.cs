using Akka.Actor;
using Akka.DistributedData;
using Easegress.Actors.Catalog;

namespace Easegress.Actors.Objects;

/// <summary>
/// The object store as the admin API sees it: writes go to the object's entity (wherever in the cluster it
/// lives); reads come from this node's replica of the catalog.
/// </summary>
public sealed class ObjectStore(IActorRef region, IActorRef replicator, Akka.Cluster.Cluster? cluster = null, TimeSpan? writeTimeout = null)
{
    private readonly TimeSpan WriteTimeout = writeTimeout ?? TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    public Task<WriteResult> CreateAsync(string name, string document) => WriteAsync(new CreateObject(name, document));
    public Task<WriteResult> UpdateAsync(string name, string document) => WriteAsync(new UpdateObject(name, document));
    public Task<WriteResult> DeleteAsync(string name) => WriteAsync(new DeleteObject(name));

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync()
    {
        var reply = await replicator.Ask<IGetResponse>(Dsl.Get(CatalogKeys.Objects, ReadLocal.Instance), ReadTimeout).ConfigureAwait(false);
        if (!reply.IsSuccessful) return [];
        return reply.Get(CatalogKeys.Objects).Select(kv => kv.Value).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<CatalogEntry?> GetAsync(string name) =>
        (await ListAsync().ConfigureAwait(false)).FirstOrDefault(e => e.Name == name);

    public async Task<long> ConfigVersionAsync()
    {
        var reply = await replicator.Ask<IGetResponse>(Dsl.Get(CatalogKeys.ConfigVersion, ReadLocal.Instance), ReadTimeout).ConfigureAwait(false);
        return reply.IsSuccessful ? reply.Get(CatalogKeys.ConfigVersion).Value : 0;
    }

    private async Task<WriteResult> WriteAsync(IObjectCommand command)
    {
        if (cluster?.SelfMember.Status is { } status && status != Akka.Cluster.MemberStatus.Up)
            return WriteResult.Rejected(503, $"the cluster cannot take writes through this member now: it is {status}, not Up");
        try { return await region.Ask<WriteResult>(command, WriteTimeout).ConfigureAwait(false); }
        catch (AskTimeoutException)
        {
            return WriteResult.Rejected(503, $"the cluster cannot take writes now: no answer for {command.Name} within {WriteTimeout.TotalSeconds:0}s");
        }
    }
}
