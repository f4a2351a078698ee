using Akka.Cluster.Sharding;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Controllers;

/// <summary>Marker type for the controllers' shard region in the actor registry.</summary>
public sealed class ControllerRegion;

/// <summary>Routes controller commands to the entity named by the object (and, being a hash-code extractor, the
/// shard's own start of a remembered entity).</summary>
public sealed class ControllerMessageExtractor() : HashCodeMessageExtractor(30)
{
    public override string? EntityId(object message) => (message as IControllerCommand)?.Name;
}

/// <summary>What a shard tells each of its controller entities when it hands the shard over to another member (a member
/// leaving, a rebalance): the entity stops its controller, then itself, and the shard moves only after that, so the
/// controller never runs on two members at once.</summary>
public sealed record HandOffController
{
    public static readonly HandOffController Instance = new();
}
