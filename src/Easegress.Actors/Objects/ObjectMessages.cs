namespace Easegress.Actors.Objects;

/// <summary>A message for the object entity of <see cref="Name"/> (the shard region routes on it).</summary>
public interface IObjectCommand
{
    string Name { get; }
}

/// <summary>Create the object; <see cref="Document"/> is its JSON text.</summary>
public sealed record CreateObject(string Name, string Document) : IObjectCommand;

/// <summary>Replace the object's spec; <see cref="Document"/> is its JSON text.</summary>
public sealed record UpdateObject(string Name, string Document) : IObjectCommand;

public sealed record DeleteObject(string Name) : IObjectCommand;

/// <summary>Put the object back into the catalog if it exists (and tell its controller, for a business controller);
/// answered with a <see cref="WriteResult"/>, 404 when it does not exist. The leader sends it for every object when it
/// starts; a controller entity started without a spec sends it to learn whether its object is still there.</summary>
public sealed record RepublishObject(string Name) : IObjectCommand;

/// <summary>The answer to a write: <see cref="Status"/> is the HTTP status the admin API returns.</summary>
public sealed record WriteResult(int Status, string Message, long Version, string? Kind)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static WriteResult Ok(long version, string kind) => new(200, "", version, kind);
    public static WriteResult Rejected(int status, string message) => new(status, message, 0, null);
}
