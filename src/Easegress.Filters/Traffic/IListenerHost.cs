using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Traffic;

/// <summary>Opens traffic listeners (the node implements it with Kestrel).</summary>
public interface IListenerHost
{
    Task<IListener> StartAsync(ListenerOptions options, RequestDelegate handler, CancellationToken cancellationToken = default);
}

/// <summary>An open listener; disposing it stops accepting and drains the requests in flight.</summary>
public interface IListener : IAsyncDisposable
{
    ListenerOptions Options { get; }
}

/// <param name="Address">The address to bind; null means the node's traffic address.</param>
public sealed record ListenerOptions(string? Address, int Port, bool KeepAlive, TimeSpan KeepAliveTimeout, long MaxConnections);
