using Microsoft.AspNetCore.Http;

namespace Easegress.Listeners;

/// <summary>Opens traffic listeners (the node implements it with Kestrel).</summary>
public interface IListenerHost
{
    /// <summary>Opens a listener. When <paramref name="replacing"/> listens on the same address and port, both accept
    /// until the caller disposes the old one, so a change of options never refuses a connection.</summary>
    Task<IListener> StartAsync(ListenerOptions options, RequestDelegate handler, IListener? replacing = null, CancellationToken cancellationToken = default);
}

/// <summary>An open listener; disposing it stops accepting and drains the requests in flight.</summary>
public interface IListener : IAsyncDisposable
{
    ListenerOptions Options { get; }
}

/// <param name="Address">The address to bind; null means the node's traffic address.</param>
/// <param name="Tls">Null for plain HTTP/1.1; otherwise HTTPS with HTTP/2 (ALPN) and HTTP/1.1, using whatever credentials
/// it holds at each handshake. The same holder keeps equal options equal when only the certificates change.</param>
public sealed record ListenerOptions(string? Address, int Port, bool KeepAlive, TimeSpan KeepAliveTimeout, long MaxConnections,
    ListenerTls? Tls = null);
