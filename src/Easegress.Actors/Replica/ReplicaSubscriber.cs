using Akka.Actor;
using Akka.DistributedData;
using Easegress.Actors.Members;

using Easegress.Actors.Catalog;

namespace Easegress.Actors.Replica;

/// <summary>Keeps <see cref="LocalReplica"/>'s config version and member list up to date. (The traffic controller
/// updates its objects, so that a change is visible to readers no later than it runs on this node.)</summary>
public sealed class ReplicaSubscriber : ReceiveActor
{
    public ReplicaSubscriber(LocalReplica replica)
    {
        Receive<Changed>(c =>
        {
            if (c.Key.Equals(CatalogKeys.ConfigVersion)) replica.SetConfigVersion(c.Get(CatalogKeys.ConfigVersion).Value);
            else if (c.Key.Equals(MemberKeys.Members)) replica.SetMembers(c.Get(MemberKeys.Members).Entries);
        });
    }

    protected override void PreStart()
    {
        var replicator = DistributedData.Get(Context.System).Replicator;
        replicator.Tell(Dsl.Subscribe(CatalogKeys.ConfigVersion, Self));
        replicator.Tell(Dsl.Subscribe(MemberKeys.Members, Self));
    }
}
