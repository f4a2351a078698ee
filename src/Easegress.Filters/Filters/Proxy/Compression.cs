using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.Proxy;

/// <summary>The Proxy's <c>compression</c>: gzip responses of at least <c>minLength</c> bytes.</summary>
public sealed class CompressionSpec
{
    /// <summary>Responses whose Content-Length is below this are sent as they are; a length that is not known is compressed.</summary>
    public long MinLength { get; set; }
}

/// <summary>
/// When the Proxy gzips a response: the client accepts gzip (<c>Accept-Encoding</c> names gzip or <c>*/*</c>, or is
/// absent), the backend did not encode the body already, the response may have a body, and its length is unknown or at
/// least <c>minLength</c>.
/// </summary>
internal sealed class ResponseCompression(CompressionSpec spec)
{
    public bool Applies(HttpRequest request, int statusCode, IHeaderDictionary responseHeaders, long? length)
    {
        if (!PipelineResponse.BodyAllowed(request.Method, statusCode)) return false;
        if (!AcceptsGzip(request.Headers)) return false;
        if (Gzip.AnyEncoding(responseHeaders.ContentEncoding)) return false;
        return length is null || length >= spec.MinLength;
    }

    /// <summary>Marks the headers of a response about to be gzipped.</summary>
    public static void MarkGzipped(IHeaderDictionary headers)
    {
        headers.ContentLength = null;
        headers.ContentEncoding = Gzip.Encoding;
        headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
    }

    private static bool AcceptsGzip(IHeaderDictionary requestHeaders)
    {
        var accepted = requestHeaders.AcceptEncoding;
        if (accepted.Count == 0) return true;
        foreach (var value in accepted)
            if (value is not null && (value.Contains(Gzip.Encoding, StringComparison.OrdinalIgnoreCase) || value.Contains("*/*", StringComparison.Ordinal)))
                return true;
        return false;
    }
}
