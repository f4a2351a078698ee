using Akka.Cluster.Sharding;

namespace Easegress.Actors.Objects;

/// <summary>Marker type for the object entities' shard region in the actor registry.</summary>
public sealed class ObjectRegion;

/// <summary>Routes object commands to the entity named by the object.</summary>
public sealed class ObjectMessageExtractor() : HashCodeMessageExtractor(30)
{
    public override string? EntityId(object message) => (message as IObjectCommand)?.Name;
}
