namespace Easegress.Actors.Catalog;

/// <summary>One object as every node's replica of the catalog holds it.</summary>
public sealed record CatalogEntry(string Name, string Kind, long Version, string Document);
