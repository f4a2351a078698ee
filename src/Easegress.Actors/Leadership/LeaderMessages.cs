namespace Easegress.Actors.Leadership;

/// <summary>Asks the leader for the next config version for a write of <see cref="Name"/>.</summary>
public sealed record AllocateVersion(string Name, bool Removes);

/// <summary>The leader's answer to <see cref="AllocateVersion"/>.</summary>
public sealed record VersionAllocated(long Version);

/// <summary>Journal events of the leader. Their stored format is Serialization/LeaderFormats.cs, not these names.</summary>
public sealed record VersionTaken(string Name, long Version, bool Removes);

/// <summary>Marker type for the leader singleton's proxy in the actor registry.</summary>
public sealed class LeaderProxy;
