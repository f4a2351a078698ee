using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Easegress.Node.Listeners;

/// <summary>
/// Refuses a <c>Host</c> header that is not a valid <c>uri-host [ ":" port ]</c> (RFC 9112 §3.2: 400): an empty one,
/// one whose port is not a number up to 65535, a name with an empty label (<c>a..b</c>) or a character outside letters,
/// digits, <c>-</c> and <c>_</c>, a bad IPv6 literal, or a label that claims to be punycode (<c>xn--</c>) and is not.
/// A backend's HTTP client does not take such a value for a Host: it would send its own beside the client's, and the
/// backend would see two, and an invalid punycode label fails every server that reads the name. Anything accepted here
/// also passes .NET's own Host check (<see cref="Uri.TryCreate(string, UriKind, out Uri)"/>), so the value forwarded
/// replaces the destination's instead of joining it.
/// </summary>
internal static class RequestHost
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = false };

    /// <summary>True when the request has a Host header and it is not valid; a request without one (HTTP/1.0) passes
    /// (Kestrel refuses an HTTP/1.1 one).</summary>
    public static bool IsInvalid(HttpRequest request)
    {
        var values = request.Headers.Host;
        return values.Count > 0 && !IsValid(values.ToString());
    }

    public static bool IsValid(string host)
    {
        if (host.Length == 0) return false;
        ReadOnlySpan<char> name, port;
        if (host[0] == '[')
        {
            var end = host.IndexOf(']');
            if (end < 0 || !IPAddress.TryParse(host.AsSpan(1, end - 1), out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                return false;
            name = default;
            port = host.AsSpan(end + 1);
            if (port.Length > 0 && port[0] != ':') return false;
        }
        else
        {
            var colon = host.IndexOf(':');
            name = colon < 0 ? host : host.AsSpan(0, colon);
            port = colon < 0 ? default : host.AsSpan(colon);
            if (!IsRegisteredName(name)) return false;
        }
        if (port.Length > 0 && !IsPort(port[1..])) return false;
        return Uri.TryCreate("http://u@" + host + "/", UriKind.Absolute, out _);
    }

    private static bool IsPort(ReadOnlySpan<char> digits) =>
        digits.Length is > 0 and <= 5 && !digits.ContainsAnyExceptInRange('0', '9') && int.Parse(digits, CultureInfo.InvariantCulture) <= 65535;

    /// <summary>Labels of letters, digits, '-' and '_' between single dots (a trailing dot allowed), each punycode label
    /// decodable.</summary>
    private static bool IsRegisteredName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > 255) return false;
        if (name[^1] == '.') name = name[..^1];
        foreach (var range in name.Split('.'))
        {
            var label = name[range];
            if (label.Length is 0 or > 63) return false;
            foreach (var c in label)
                if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_') return false;
            if (label.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && !IsPunycode(label.ToString())) return false;
        }
        return true;
    }

    private static bool IsPunycode(string label)
    {
        try
        {
            Idn.GetUnicode(label);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
