namespace Easegress.Node.Listeners;

/// <summary>
/// Refuses HTTP/1.x requests that give their body length twice, by <c>Transfer-Encoding</c> and <c>Content-Length</c>:
/// the stuff of request smuggling, where a front and a back server that each believe a different length split the
/// bytes into different requests. RFC 9112 §6.3 lets a server reject such a request. Kestrel would go by
/// Transfer-Encoding and close the connection afterwards; it hands the request over with the Content-Length moved to
/// <c>X-Content-Length</c>, which is how it is recognised here (so a chunked request that carries an
/// <c>X-Content-Length</c> of its own is refused too). Kestrel itself refuses the other ambiguities (two different
/// Content-Lengths, a final coding other than chunked, a space before the colon) with 400.
/// </summary>
internal static class RequestFraming
{
    public static bool IsAmbiguous(HttpRequest request)
    {
        if (!HttpProtocol.IsHttp11(request.Protocol) && !HttpProtocol.IsHttp10(request.Protocol)) return false;
        var headers = request.Headers;
        return headers.ContainsKey("Transfer-Encoding") && (headers.ContainsKey("Content-Length") || headers.ContainsKey("X-Content-Length"));
    }
}
