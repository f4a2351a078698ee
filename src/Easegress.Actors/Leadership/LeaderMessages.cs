namespace Easegress.Actors.Leadership;

/// <summary>Journal events of the leader. Field names are part of the stored format: do not rename.</summary>
public sealed record VersionTaken(string Name, long Version, bool Removes);

/// <summary>Marker type for the leader singleton's proxy in the actor registry.</summary>
public sealed class LeaderProxy;
