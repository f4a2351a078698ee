namespace Easegress.Actors.Objects;

/// <summary>An object's entity asks the leader for the next config version for a write of <see cref="Name"/>.</summary>
public sealed record AllocateVersion(string Name, bool Removes);

/// <summary>The leader's answer to <see cref="AllocateVersion"/>.</summary>
public sealed record VersionAllocated(long Version);

/// <summary>The leader's answer to <see cref="AllocateVersion"/> when it cannot hand out a version now (the journal
/// refused to store it, or the leader is waiting to restart after such a failure): the write is refused at once.</summary>
public sealed record VersionRefused(string Reason);
