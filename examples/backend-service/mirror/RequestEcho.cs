using System.Text;
using Microsoft.AspNetCore.Http;

namespace Easegress.Examples.Mirror;

/// <summary>
/// The mirror's answer: the request written back as text, in the layout of Easegress's mirror.go, with the headers
/// printed the way Go prints an <c>http.Header</c> (<c>map[Key:[v1 v2] ...]</c>, canonical keys, sorted).
/// </summary>
internal static class RequestEcho
{
    /// <summary>Go moves these out of <c>Request.Header</c>, so its mirror never showed them.</summary>
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Transfer-Encoding" };

    public static string Format(string method, string url, IHeaderDictionary headers, string body) =>
        $"""
        Your Request
        ==============
        Method: {method}
        URL   : {url}
        Header: {GoHeaderMap(headers)}
        Body  : {body}

        """;

    public static string GoHeaderMap(IHeaderDictionary headers)
    {
        var entries = headers
            .Where(h => !HiddenHeaders.Contains(h.Key))
            .Select(h => (Key: CanonicalKey(h.Key), Values: h.Value.Select(v => v ?? "")))
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}:[{string.Join(' ', h.Values)}]");
        return $"map[{string.Join(' ', entries)}]";
    }

    /// <summary>Go's <c>CanonicalMIMEHeaderKey</c>: <c>x-adapt-key</c> becomes <c>X-Adapt-Key</c>.</summary>
    public static string CanonicalKey(string key)
    {
        if (key.Length == 0 || key.Any(c => c is ' ' or ':' || c > 127 || char.IsControl(c)))
        {
            return key;
        }

        var canonical = new StringBuilder(key.Length);
        var upper = true;
        foreach (var c in key)
        {
            canonical.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = c == '-';
        }

        return canonical.ToString();
    }
}
