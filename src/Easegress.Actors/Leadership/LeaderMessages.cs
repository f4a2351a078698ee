namespace Easegress.Actors.Leadership;

/// <summary>Journal events of the leader. Their stored format is Serialization/LeaderFormats.cs, not these names.</summary>
public sealed record VersionTaken(string Name, long Version, bool Removes);

/// <summary>Marker type for the leader singleton's proxy in the actor registry.</summary>
public sealed class LeaderProxy;
