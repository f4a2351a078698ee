using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>
/// The hashes <c>ipHash</c> and <c>headerHash</c> use: 32-bit FNV-1 (as Easegress does) over a header value or the
/// client's address, computed without allocating.
/// </summary>
internal static class RequestHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint OfHeader(HttpRequest request, string header)
    {
        var values = request.Headers[header];
        return Fnv1(values.Count == 0 ? "" : values[0]);
    }

    /// <summary>The client's address: the first X-Forwarded-For entry, else X-Real-Ip, else the connection's peer.</summary>
    public static uint OfClientAddress(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"];
        if (forwarded.Count > 0 && !string.IsNullOrEmpty(forwarded[0]))
        {
            var first = forwarded[0].AsSpan();
            var comma = first.IndexOf(',');
            return Fnv1((comma >= 0 ? first[..comma] : first).Trim());
        }
        var realIp = request.Headers["X-Real-Ip"];
        if (realIp.Count > 0 && !string.IsNullOrEmpty(realIp[0])) return Fnv1(realIp[0]);

        var remote = request.HttpContext.Connection.RemoteIpAddress;
        if (remote is null) return Fnv1("");
        Span<char> text = stackalloc char[64];
        return remote.TryFormat(text, out var written) ? Fnv1(text[..written]) : Fnv1("");
    }

    /// <summary>FNV-1 over the string's bytes (header text is ASCII/Latin-1, one byte per char).</summary>
    public static uint Fnv1(ReadOnlySpan<char> text)
    {
        var hash = OffsetBasis;
        foreach (var c in text)
        {
            hash *= Prime;
            hash ^= (byte)c;
        }
        return hash;
    }
}
