using System.Text;
using Easegress.Protocols.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.Fallback;

/// <summary>
/// Overwrites the response there is — a backend's failure captured by a Proxy, or a Proxy's own 503/408 — with
/// <c>mockCode</c>, <c>mockHeaders</c> (set over the existing ones; the old Content-Encoding goes) and <c>mockBody</c>, and returns <c>fallback</c>.
/// With no response yet it returns <c>responseNotFound</c> and changes nothing, as in Easegress.
/// </summary>
public sealed class FallbackFilter(FallbackSpec spec) : ISyncFilter<RequestContext>
{
    private readonly int _code = spec.MockCode;
    private readonly KeyValuePair<string, string>[] _headers = spec.MockHeaders?.ToArray() ?? [];
    private readonly byte[] _body = Encoding.UTF8.GetBytes(spec.MockBody ?? "");

    public string Handle(RequestContext context)
    {
        if (context.Response is not { } response) return FallbackKind.ResponseNotFound;
        response.StatusCode = _code;
        response.Headers.Remove(HeaderNames.ContentEncoding);   // it described the old body
        foreach (var (name, value) in _headers) response.Headers[name] = value;
        response.SetBody(_body);
        return FallbackKind.Fallback;
    }

    public void Dispose() { }
}
