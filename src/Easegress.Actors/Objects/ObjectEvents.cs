namespace Easegress.Actors.Objects;

/// <summary>Events of an object entity's journal. Field names are part of the stored format: do not rename.</summary>
public sealed record ObjectWritten(string Name, string Kind, string Document, long Version);

public sealed record ObjectRemoved(string Name, long Version);
