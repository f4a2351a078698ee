namespace Easegress.Actors.Objects;

/// <summary>An object's entity asks the leader for the next config version for a write of <see cref="Name"/>.</summary>
public sealed record AllocateVersion(string Name, bool Removes);

/// <summary>The leader's answer to <see cref="AllocateVersion"/>.</summary>
public sealed record VersionAllocated(long Version);
