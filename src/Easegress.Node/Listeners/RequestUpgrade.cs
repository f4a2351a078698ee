using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Node.Listeners;

/// <summary>
/// Recognises a request to switch protocols: HTTP/1.1 <c>Connection: upgrade</c> (WebSocket, h2c, anything named in
/// <c>Upgrade</c>) and HTTP/2 extended CONNECT (RFC 8441). The node does not tunnel protocols yet, and a backend that
/// answered 101 to a forwarded upgrade would turn the client's connection into a raw tunnel to it, so that later
/// requests on it would reach the backend past every rule and filter. Such requests are refused with 403, as Envoy
/// refuses an upgrade it has no <c>upgrade_configs</c> for. A bare <c>Upgrade</c> header that <c>Connection</c> does
/// not name is no upgrade (RFC 9110 §7.8); the proxy drops it as a hop-by-hop header.
/// </summary>
internal static class RequestUpgrade
{
    public static bool IsRequested(HttpContext context)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true) return true;
        if (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true) return true;
        var connection = context.Request.Headers.Connection;
        return connection.Count > 0
               && HeaderList.Items(connection).Any(token => token.Equals("upgrade", StringComparison.OrdinalIgnoreCase));
    }
}
