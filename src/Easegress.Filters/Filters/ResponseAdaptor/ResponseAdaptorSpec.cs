using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.ResponseAdaptor;

/// <summary>The spec of a <c>ResponseAdaptor</c>: what to change in the response before the client gets it.</summary>
public sealed class ResponseAdaptorSpec : FilterSpec, IValidatedSpec
{
    public HeaderAdaptSpec? Header { get; set; }
    /// <summary>Replaces the response body when not empty.</summary>
    public string? Body { get; set; }
    /// <summary><c>gzip</c>: compress a body that is not gzipped yet.</summary>
    public string? Compress { get; set; }
    /// <summary><c>gzip</c>: decompress a body whose Content-Encoding is gzip.</summary>
    public string? Decompress { get; set; }

    internal bool CodesBody => !string.IsNullOrEmpty(Compress) || !string.IsNullOrEmpty(Decompress);

    public void Validate(string path) => GzipFields.Validate(path, Compress, Decompress, Body);
}
