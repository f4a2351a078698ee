namespace Easegress.Node.Listeners;

/// <summary>
/// Drops the request headers an HTTP/1.x client names in <c>Connection</c> (RFC 9110 §7.6.1: they are for this hop
/// only), before any filter runs, so a client cannot make a backend see a header it meant for the gateway. The
/// standard hop-by-hop headers (<c>Keep-Alive</c>, <c>TE</c>, <c>Upgrade</c>, <c>Proxy-*</c>, ...) are left to the
/// proxy, which never forwards them; <c>Upgrade</c> must stay visible for WebSocket handshakes.
/// </summary>
internal static class ConnectionHeaders
{
    private static readonly HashSet<string> LeftToProxy = new(StringComparer.OrdinalIgnoreCase)
    {
        "close", "keep-alive", "upgrade", "te", "trailer", "transfer-encoding", "proxy-connection", "host",
    };

    public static void RemoveNamed(HttpRequest request)
    {
        var connection = request.Headers.Connection;
        if (connection.Count == 0) return;
        foreach (var token in HeaderList.Items(connection))
            if (!LeftToProxy.Contains(token)) request.Headers.Remove(token);
    }
}
