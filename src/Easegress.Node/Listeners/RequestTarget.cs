namespace Easegress.Node.Listeners;

/// <summary>
/// Refuses request paths that hide a dot segment from the gateway but show it to a backend. Kestrel decodes the
/// path once and removes <c>.</c> and <c>..</c> segments before routing, so <c>/pub/../x</c> and
/// <c>/pub/%2e%2e/x</c> never climb out of a prefix here. What is left after that one decoding is forwarded as it is,
/// and a backend that decodes again (or takes <c>%2F</c> or <c>\</c> for a slash) may climb out of the prefix a
/// <c>rewriteTarget</c> or RequestAdaptor put in front: <c>/pub/..%2Fsecret</c>, <c>/pub/%252e%252e/secret</c>,
/// <c>/pub/..\secret</c>. A path that, decoded again until nothing changes and with <c>\</c> read as <c>/</c>, has a
/// <c>.</c> or <c>..</c> segment, also one with path parameters (<c>..;</c>, <c>..;x=1</c>, which Tomcat and Spring
/// read as <c>..</c>), is refused with 400. Encoded slashes without dots (<c>/repos/group%2Fproject</c>)
/// and lone percent signs pass.
/// </summary>
internal static class RequestTarget
{
    public static bool HidesDotSegments(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.AsSpan().IndexOfAny('%', '\\', ';') < 0) return false;
        var decoded = path;
        for (var i = 0; i < 4; i++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded) break;
            decoded = next;
        }
        foreach (var segment in decoded.Replace('\\', '/').Split('/'))
        {
            // Tomcat and Spring drop a segment's parameters (";jsessionid=..."), so "..;" is ".." to them
            var parameters = segment.IndexOf(';');
            if ((parameters < 0 ? segment : segment[..parameters]) is "." or "..") return true;
        }
        return false;
    }
}
