namespace Easegress.Actors.Catalog;

/// <summary>One object as every node's replica of the catalog holds it. Keep its namespace and name: Akka.DistributedData
/// names the value type of an LWWDictionary by CLR name in what members gossip (its fields are Serialization/ReplicaFormats.cs).</summary>
public sealed record CatalogEntry(string Name, string Kind, long Version, string Document);
