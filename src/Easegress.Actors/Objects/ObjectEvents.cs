namespace Easegress.Actors.Objects;

/// <summary>Events of an object entity's journal (an <see cref="ObjectWritten"/> is also its snapshot). Their stored format is
/// Serialization/ObjectFormats.cs, not these names; rows journaled before it are read by Serialization/Legacy/LegacyRows.cs.</summary>
public sealed record ObjectWritten(string Name, string Kind, string Document, long Version);

public sealed record ObjectRemoved(string Name, long Version);
