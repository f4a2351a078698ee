using Easegress.Actors.Replica;
using Akka.Actor;
using Easegress.Actors.Catalog;

namespace Easegress.Actors.Objects;

/// <summary>
/// The object store as the admin API sees it: writes go to the object's entity (wherever in the cluster it
/// lives); reads come from this node's last view of the catalog (<see cref="LocalReplica"/>).
/// </summary>
public sealed class ObjectStore(IActorRef region, LocalReplica replica, Akka.Cluster.Cluster? cluster = null, TimeSpan? writeTimeout = null)
{
    private readonly TimeSpan WriteTimeout = writeTimeout ?? TimeSpan.FromSeconds(10);

    public Task<WriteResult> CreateAsync(string name, string document) => WriteAsync(new CreateObject(name, document));
    public Task<WriteResult> UpdateAsync(string name, string document) => WriteAsync(new UpdateObject(name, document));
    public Task<WriteResult> DeleteAsync(string name) => WriteAsync(new DeleteObject(name));

    public Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CatalogEntry>>(replica.Objects.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList());

    public Task<CatalogEntry?> GetAsync(string name) =>
        Task.FromResult(replica.Objects.TryGetValue(name, out var entry) ? entry : null);

    public Task<long> ConfigVersionAsync() => Task.FromResult(replica.ConfigVersion);

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
