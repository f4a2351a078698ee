using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Protocols.Http;

/// <summary>
/// The path a request is forwarded with, encoded as the client encoded it. Routes and filters see the path decoded
/// once (Kestrel's <see cref="HttpRequest.Path"/>: every escape decoded except <c>%2F</c>, which stays <c>%2F</c> so
/// that <c>/api/a%2Fb</c> is one segment, and escapes that are not UTF-8, such as <c>%ff</c>, kept as they are).
/// Encoding that form again would turn <c>%2F</c> into <c>%252F</c> and <c>%ff</c> into <c>%25ff</c>, so each trailing
/// segment that is still the client's (the whole path when nothing changed it, the part after the prefix a
/// <c>rewriteTarget</c> or RequestAdaptor replaced) is forwarded in the client's bytes, as nginx's <c>proxy_pass</c>
/// without a URI does; the segments a rewrite put in are escaped, leaving <c>%2F</c> as it is.
/// </summary>
public static class ForwardedPath
{
    /// <summary>What stands in a path as it is: unreserved characters, sub-delimiters, ':', '@' and '/'.</summary>
    private static readonly SearchValues<char> PathCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/");

    /// <summary>The destination: <paramref name="prefix"/> (a backend URL, its path kept), the path and the query.</summary>
    public static Uri Destination(string prefix, HttpRequest request)
    {
        var path = Of(request);
        var url = string.Concat(prefix.EndsWith('/') && path.StartsWith('/') ? prefix.AsSpan(0, prefix.Length - 1) : prefix,
            path, request.QueryString.Value);
        return new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    /// <summary>The request's current path, escaped for the request line.</summary>
    public static string Of(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var raw = RawPath(request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget);
        if (raw is null || !raw.Contains('%')) return Escape(path);

        var current = path.Split('/');
        var client = raw.Split('/');
        var kept = 0;   // trailing segments that are still the client's
        while (kept < current.Length - 1 && kept < client.Length - 1
            && Decode(client[^(kept + 1)]) is var decoded && decoded == current[^(kept + 1)] && decoded is not ("." or ".."))
            kept++;
        var forwarded = new StringBuilder(raw.Length + 16);
        for (var i = 0; i < current.Length - kept; i++)
        {
            if (i > 0) forwarded.Append('/');
            forwarded.Append(Escape(current[i]));
        }
        for (var i = client.Length - kept; i < client.Length; i++) forwarded.Append('/').Append(client[i]);
        return forwarded.ToString();
    }

    /// <summary>The path of an origin-form or absolute-form target; null for others (<c>*</c>, authority form).</summary>
    private static string? RawPath(string? target)
    {
        if (string.IsNullOrEmpty(target)) return null;
        if (target[0] != '/')
        {
            var scheme = target.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0) return null;
            var slash = target.IndexOf('/', scheme + 3);
            if (slash < 0) return null;
            target = target[slash..];
        }
        var query = target.IndexOf('?');
        return query < 0 ? target : target[..query];
    }

    /// <summary>A segment decoded as Kestrel decodes it: every escape but <c>%2F</c>; bytes that are not UTF-8 stay
    /// escaped.</summary>
    private static string Decode(string segment)
    {
        if (!segment.Contains('%')) return segment;
        var parts = segment.Split("%2F", StringSplitOptions.None);
        for (var i = 0; i < parts.Length; i++)
            parts[i] = string.Join("%2f", parts[i].Split("%2f").Select(Uri.UnescapeDataString));
        return string.Join("%2F", parts);
    }

    /// <summary>An escape decoding leaves as it is: <c>%2F</c>, or a byte that is not UTF-8 on its own (<c>%80</c> and
    /// above).</summary>
    private static bool KeptEscape(ReadOnlySpan<char> after) =>
        after.Length >= 2 && char.IsAsciiHexDigit(after[0]) && char.IsAsciiHexDigit(after[1])
        && (after[0] is '2' && after[1] is 'F' or 'f' || after[0] is >= '8' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f');

    /// <summary>Escapes what may not stand in a path; a '%' stays only where it begins an escape the client sent
    /// and decoding kept (<see cref="KeptEscape"/>).</summary>
    private static string Escape(string segment)
    {
        if (!segment.AsSpan().ContainsAnyExcept(PathCharacters)) return segment;   // the usual path: nothing to escape
        var escaped = new StringBuilder(segment.Length);
        var bytes = new byte[4];
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '%' && KeptEscape(segment.AsSpan(i + 1)))
                escaped.Append(c);
            else if (PathCharacters.Contains(c))
                escaped.Append(c);
            else
            {
                var length = Encoding.UTF8.GetBytes(segment.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < segment.Length ? 2 : 1), bytes);
                if (length > 1 && char.IsHighSurrogate(c)) i++;
                for (var b = 0; b < length; b++) escaped.Append('%').Append(bytes[b].ToString("X2"));
            }
        }
        return escaped.ToString();
    }
}
