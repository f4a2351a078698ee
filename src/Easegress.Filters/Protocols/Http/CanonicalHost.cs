using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Easegress.Protocols.Http;

/// <summary>
/// The one form a host is compared and keyed in: ASCII (each internationalized label as its <c>xn--</c> punycode) and
/// lowercase, as nginx and Envoy match server names. <see cref="HttpRequest.Host"/>'s <c>Value</c> is not that form:
/// it decodes a lowercase <c>xn--</c> label to Unicode but leaves <c>XN--</c> as written, so one name had up to three
/// spellings. Routing, the response cache's key and the mirror's Host all take the request's host from here, and
/// <c>host</c>/<c>hosts</c> in a spec are brought to the same form, whichever spelling they were written in.
/// </summary>
public static class CanonicalHost
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false };

    /// <summary>What a host in canonical form is made of; anything else means it needs converting.</summary>
    private static readonly SearchValues<char> Canonical = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-._:[]*");

    /// <summary>The request's <c>Host</c> header (port kept) in canonical form; "" without one.</summary>
    public static string Of(HttpRequest request) => Of(request.Headers.Host.ToString());

    /// <summary>A host, with or without a port (or a <c>*</c> wildcard label), in canonical form; it is returned as it
    /// is when it is in that form already (no copy on the request path). A label that is not a valid internationalized
    /// name throws <see cref="ArgumentException"/>.</summary>
    public static string Of(string host)
    {
        if (!host.AsSpan().ContainsAnyExcept(Canonical)) return host;
        if (Ascii.IsValid(host)) return host.ToLowerInvariant();
        var colon = host.IndexOf(':');
        var name = colon < 0 ? host : host[..colon];
        // lowercase first: without ICU (invariant globalization) the punycode of "Ü" is not that of "ü"
        var labels = name.ToLowerInvariant().Split('.');
        for (var i = 0; i < labels.Length; i++)
            if (!Ascii.IsValid(labels[i])) labels[i] = Idn.GetAscii(labels[i]);
        return string.Join('.', labels).ToLowerInvariant() + (colon < 0 ? "" : host[colon..]);
    }
}
