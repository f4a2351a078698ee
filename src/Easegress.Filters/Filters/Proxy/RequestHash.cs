using Easegress.IpFiltering;
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

    /// <summary>
    /// The client's address as IP filters see it (<see cref="ClientAddress.Of"/>, Easegress's <c>RealIP</c>: the
    /// first public X-Forwarded-For entry, else X-Real-IP, else the connection's peer), hashed as text.
    /// </summary>
    public static uint OfClientAddress(HttpRequest request)
    {
        Span<char> text = stackalloc char[ClientAddress.MaxTextLength];
        return ClientAddress.Of(request.HttpContext).TryFormat(text, out var written) ? Fnv1(text[..written]) : Fnv1("");
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
