using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Easegress.Protocols.Http.Signing;

/// <summary>
/// The pieces of a SigV4 canonical request, built from an <see cref="HttpRequest"/>: the URI (each byte outside the
/// unreserved set encoded, on top of the path's own escaping, as AWS does for every service but S3), the query (keys
/// and values encoded, sorted), header values (trimmed, inner runs of spaces made one, joined by commas) and the
/// host without a default port.
/// </summary>
internal static class CanonicalRequest
{
    public const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        var parsed = DateTime.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t);
        time = parsed ? new DateTimeOffset(t, TimeSpan.Zero) : default;
        return parsed;
    }

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Uri(HttpRequest request)
    {
        var escaped = request.PathBase.Add(request.Path).ToUriComponent();
        return escaped.Length == 0 ? "/" : Encode(escaped, keepSlash: true);
    }

    /// <summary>The canonical query, leaving out the parameter named <paramref name="except"/> (the signature).</summary>
    public static string Query(HttpRequest request, string? except)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (var (key, values) in request.Query)
        {
            if (key == except) continue;
            var name = Encode(key, keepSlash: false);
            foreach (var value in values) pairs.Add((name, Encode(value ?? "", keepSlash: false)));
        }
        pairs.Sort((a, b) => a.Key == b.Key ? string.CompareOrdinal(a.Value, b.Value) : string.CompareOrdinal(a.Key, b.Key));
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>The canonical header lines (<c>name:value\n</c>) of <paramref name="names"/>, lower-case names.</summary>
    public static string Headers(HttpRequest request, IEnumerable<string> names)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(name).Append(':');
            if (name == "host") text.Append(Host(request));
            else AppendValue(text, request.Headers[name]);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The host as signed: without the port when it is the scheme's default.</summary>
    public static string Host(HttpRequest request)
    {
        var host = request.Host;
        if (host.Port is { } port && ((port == 80 && request.Scheme == "http") || (port == 443 && request.Scheme == "https")))
            return host.Host;
        return host.Value ?? "";
    }

    private static void AppendValue(StringBuilder text, StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) text.Append(',');
            var value = (values[i] ?? "").AsSpan().Trim(' ');
            var space = false;
            foreach (var c in value)
            {
                if (c == ' ')
                {
                    if (space) continue;
                    space = true;
                }
                else space = false;
                text.Append(c);
            }
        }
    }

    /// <summary>UTF-8 bytes outside A–Z a–z 0–9 <c>-._~</c> (and <c>/</c> when kept) as <c>%XX</c>.</summary>
    public static string Encode(string text, bool keepSlash)
    {
        var result = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' || (keepSlash && b == '/'))
                result.Append((char)b);
            else
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }
}
