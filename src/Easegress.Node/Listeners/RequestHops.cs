namespace Easegress.Node.Listeners;

/// <summary>
/// Marks every request this node serves with a <c>Via</c> entry naming it (<c>1.1 node-name (Easegress 3f2a9c1e)</c>,
/// RFC 9110 §7.6.3), appended after the client's own entries, which are kept; the proxy forwards it with the other
/// headers. The comment is drawn at random for each process, so that two nodes left with the default name, one
/// proxying to the other, are not taken for one. A request that arrives with this process's entry already in it has been forwarded back here (a Proxy whose pool points at its
/// own HTTPServer, or at a node that proxies back): each hop would open one more connection until the node ran out,
/// so it is answered 508 Loop Detected, as it is when it has passed more than <see cref="MaxHops"/> proxies (a loop
/// through several nodes).
/// </summary>
internal sealed class RequestHops
{
    public const int MaxHops = 10;

    private readonly string _nodeName;
    private readonly string _mark = $"(Easegress {Random.Shared.Next():x8})";
    private readonly string _http11Entry;
    private readonly string _http2Entry;

    public RequestHops(string nodeName)
    {
        _nodeName = nodeName;
        _http11Entry = EntryFor(HttpProtocol.Http11);
        _http2Entry = EntryFor(HttpProtocol.Http2);
    }

    public bool IsLooping(HttpRequest request)
    {
        var via = request.Headers.Via;
        if (via.Count == 0) return false;
        var hops = 0;
        foreach (var entry in HeaderList.Items(via))
        {
            if (++hops > MaxHops) return true;
            if (entry.EndsWith(_mark, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public void Append(HttpRequest request)
    {
        // the entries of the usual protocols are made once, not for every request
        var protocol = request.Protocol;
        var entry = HttpProtocol.IsHttp11(protocol) ? _http11Entry : HttpProtocol.IsHttp2(protocol) ? _http2Entry : EntryFor(protocol);
        var existing = request.Headers.Via.ToString();
        request.Headers.Via = existing.Length == 0 ? entry : $"{existing}, {entry}";
    }

    /// <summary>"1.1 name (Easegress mark)" for HTTP/1.1, "2 ..." for HTTP/2: Via names the protocol without "HTTP/".</summary>
    private string EntryFor(string protocol) =>
        $"{(protocol.StartsWith("HTTP/", StringComparison.Ordinal) ? protocol[5..] : protocol)} {_nodeName} {_mark}";
}
