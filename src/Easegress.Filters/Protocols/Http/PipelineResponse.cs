using System.Text;
using Microsoft.AspNetCore.Http;

namespace Easegress.Protocols.Http;

/// <summary>
/// The response a pipeline produces, as Easegress keeps it in the context: a status, headers and a body. A filter that
/// answers (Validator, Mock, Redirector, Fallback, ...) sets it; a Proxy fills it with the backend's answer when a later
/// filter may use it; later filters change it; the HTTP server writes it once the pipeline has finished.
/// </summary>
/// <remarks>
/// The body is either held in memory (<see cref="Body"/>) or, when the Proxy was told not to buffer
/// (<c>serverMaxBodySize: -1</c>), a stream from the backend (<see cref="BodyStream"/>) that filters may wrap or replace
/// but not read. The server sets <c>Content-Length</c> from a body held in memory, so filters need not.
/// </remarks>
public sealed class PipelineResponse(int statusCode)
{
    public int StatusCode { get; set; } = statusCode;
    public IHeaderDictionary Headers { get; } = new HeaderDictionary();

    /// <summary>The body held in memory; empty when there is none or when it streams.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>The body still to be read from the backend, when it streams; null otherwise.</summary>
    public Stream? BodyStream { get; private set; }

    public bool IsStream => BodyStream is not null;

    /// <summary>False when the response to a <paramref name="method"/> request with this status has no body: HEAD,
    /// 1xx, 204, 304 (a Content-Length then describes a body that is not sent).</summary>
    public static bool BodyAllowed(string method, int statusCode) =>
        !HttpMethods.IsHead(method) && statusCode is >= 200 and not 204 and not 304;

    /// <summary>The body held in memory as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Replaces the body (and drops a streamed one).</summary>
    public void SetBody(ReadOnlyMemory<byte> body)
    {
        DropStream();
        Body = body;
    }

    public void SetBody(string? text) => SetBody(string.IsNullOrEmpty(text) ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(text));

    /// <summary>Makes the body a stream the server copies to the client; the caller hands over its ownership.</summary>
    public void SetBodyStream(Stream stream)
    {
        DropStream();
        Body = ReadOnlyMemory<byte>.Empty;
        BodyStream = stream;
    }

    /// <summary>Puts a stream around the streamed body (to compress or decompress it on its way out).</summary>
    public void WrapBodyStream(Func<Stream, Stream> wrap) =>
        BodyStream = wrap(BodyStream ?? throw new InvalidOperationException("the body does not stream"));

    private void DropStream()
    {
        BodyStream?.Dispose();
        BodyStream = null;
    }
}
