namespace Easegress.Objects;

/// <summary>The running copy, on one node, of one traffic object (an HTTP server, a pipeline).</summary>
public interface ITrafficObject : IAsyncDisposable
{
    /// <summary>Takes a new validated spec of the same kind; returns when new requests see it.</summary>
    Task UpdateAsync(object spec);

    /// <summary>The object's status on this node, as <c>/status/objects</c> shows it.</summary>
    object Status();
}
