using System.Net;
using Easegress.Filters;
using Easegress.Listeners;
using Easegress.Node.Logging;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Easegress.Node.Listeners;

/// <summary>
/// Opens one Kestrel server per traffic listener; stopping one drains its requests in flight. A TLS listener serves
/// HTTP/2 (negotiated by ALPN) and HTTP/1.1, and takes its certificates from <see cref="ListenerOptions.Tls"/> at every
/// handshake, so they can change while it runs. Every listener applies <see cref="TrafficLimits"/> and refuses (400)
/// requests with ambiguous body framing (<see cref="RequestFraming"/>), an invalid Host (<see cref="RequestHost"/>) or
/// hidden dot segments (<see cref="RequestTarget"/>), refuses (403) protocol upgrades (<see cref="RequestUpgrade"/>),
/// drops the headers a client names in <c>Connection</c> (<see cref="ConnectionHeaders"/>), and answers 508 to a
/// request that looped back to this node (<see cref="RequestHops"/>), marking every other one with its <c>Via</c>.
/// Client connections count against the node's <see cref="ConnectionBudget"/>, across all listeners: one beyond it is
/// closed as soon as it is accepted, as one beyond the listener's own <c>maxConnections</c> is.
/// </summary>
public sealed class KestrelListenerHost(string nodeName, string trafficAddress, ILoggerFactory loggerFactory, TimeSpan drainTimeout,
    TrafficLimits? limits = null, ConnectionBudget? connections = null) : IListenerHost
{
    private readonly RequestHops _hops = new(nodeName);
    private readonly TrafficLimits _limits = limits ?? TrafficLimits.Default;
    private readonly ConnectionBudget _connections = connections ?? ConnectionBudget.Unlimited;
    private readonly ILogger _logger = loggerFactory.CreateLogger("Listeners");

    /// <summary>How long a replaced listener keeps answering (with <c>Connection: close</c>) before it stops, so that
    /// clients leave its keep-alive connections at a response boundary rather than find them closed.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);

    private readonly ListenSockets _sockets = new();

    public async Task<IListener> StartAsync(ListenerOptions options, RequestDelegate handler, IListener? replacing = null,
        CancellationToken cancellationToken = default)
    {
        var endpoint = EndpointOf(options);
        var listener = new KestrelListener(options, endpoint, _sockets);
        var descriptor = _sockets.Acquire(endpoint, listener, replacing);
        try
        {
            listener.App = Build(options, descriptor, handler, listener);
            await listener.App.StartAsync(cancellationToken).ConfigureAwait(false);
            return listener;
        }
        catch
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private IPEndPoint EndpointOf(ListenerOptions options)
    {
        var address = options.Address ?? (trafficAddress.Length > 0 ? trafficAddress : null);
        return new IPEndPoint(address switch
        {
            null => IPAddress.IPv6Any,   // dual mode: every IPv4 and IPv6 interface
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.Parse(address),
        }, options.Port);
    }

    private WebApplication Build(ListenerOptions options, ulong descriptor, RequestDelegate handler, KestrelListener listener)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<ILoggerFactory>(new ListenerLoggerFactory(loggerFactory));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainTimeout);
        // Kestrel's own work (parsing, routing, writing responses) runs on the socket thread that read the bytes, as
        // the runtime's socket completions already do (SocketCompletions), instead of hopping to a pool thread; the
        // pipeline's graph runs on it too (RequestThreadDispatcher), and nothing there blocks it
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            _limits.ApplyTo(k.Limits);
            k.Limits.KeepAliveTimeout = options.KeepAliveTimeout > TimeSpan.Zero ? options.KeepAliveTimeout : TimeSpan.FromSeconds(60);
            SayIfClamped(options);
            k.Limits.MaxConcurrentConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
            k.ListenHandle(descriptor, l =>
            {
                l.Use(Admit);   // before TLS: a connection beyond the budget costs no handshake
                UseTls(l, options.Tls);
            });
        });
        var app = builder.Build();
        app.Run(context =>
        {
            if (RequestFraming.IsAmbiguous(context.Request) || RequestHost.IsInvalid(context.Request)
                || RequestTarget.HidesDotSegments(context.Request.Path.Value))
                return RefuseAsync(context);
            if (RequestUpgrade.IsRequested(context))
                return RefuseAsync(context, StatusCodes.Status403Forbidden);
            ConnectionHeaders.RemoveNamed(context.Request);
            if (_hops.IsLooping(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status508LoopDetected;
                return Task.CompletedTask;
            }
            _hops.Append(context.Request);
            // HTTP/2 has no Connection header; its connections are shared by design
            if ((!options.KeepAlive || listener.Draining)
                && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
                context.Response.Headers.Connection = "close";
            return handler(context);
        });
        return app;
    }

    /// <summary>Logs, once per listener started, that the node's budget (<see cref="Admit"/>) caps the listener below its
    /// <c>maxConnections</c>, which stays as the user wrote it.</summary>
    private void SayIfClamped(ListenerOptions options)
    {
        if (options.MaxConnections > 0 && options.MaxConnections <= _connections.Clients) return;
        _logger.LogWarning("listener on port {Port}: maxConnections {Wanted} is more than the open-file limit allows; at most {Cap} " +
            "client connections, shared by all the node's listeners", options.Port,
            options.MaxConnections > 0 ? options.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(none)", _connections.Clients);
    }

    /// <summary>Lets a connection in while the node's budget has room; otherwise returning closes it.</summary>
    private ConnectionDelegate Admit(ConnectionDelegate next) => async connection =>
    {
        if (!_connections.TryOpenClient()) return;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _connections.CloseClient();
        }
    };

    /// <summary>Answers 400 (or <paramref name="status"/>) and closes the connection: what follows on it cannot be
    /// trusted (after a refused upgrade, the client may already be speaking the other protocol).</summary>
    private static Task RefuseAsync(HttpContext context, int status = StatusCodes.Status400BadRequest)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Connection = "close";
        return Task.CompletedTask;
    }

    private static void UseTls(ListenOptions listen, ListenerTls? tls)
    {
        if (tls is null) return;
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(tls.Credentials.ServerOptionsFor(context.ClientHelloInfo.ServerName)),
        });
    }

    private sealed class KestrelListener(ListenerOptions options, IPEndPoint endpoint, ListenSockets sockets) : IListener
    {
        private volatile bool _draining;

        public WebApplication? App { get; set; }
        public ListenerOptions Options => options;
        public bool Draining => _draining;

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (App is { } app)
                {
                    _draining = true;
                    await Task.Delay(Grace).ConfigureAwait(false);
                    await app.StopAsync().ConfigureAwait(false);
                    await app.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                sockets.Release(endpoint, this);
            }
        }
    }
}
