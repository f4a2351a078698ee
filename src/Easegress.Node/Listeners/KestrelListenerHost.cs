using System.Net;
using Easegress.Listeners;
using Easegress.Node.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Easegress.Node.Listeners;

/// <summary>
/// Opens one Kestrel server per traffic listener; stopping one drains its requests in flight. A TLS listener serves
/// HTTP/2 (negotiated by ALPN) and HTTP/1.1, and takes its certificates from <see cref="ListenerOptions.Tls"/> at every
/// handshake, so they can change while it runs. Every listener applies <see cref="TrafficLimits"/> and refuses (400)
/// requests with ambiguous body framing (<see cref="RequestFraming"/>), an invalid Host (<see cref="RequestHost"/>) or
/// hidden dot segments (<see cref="RequestTarget"/>),
/// and drops the headers a client names in <c>Connection</c> (<see cref="ConnectionHeaders"/>).
/// </summary>
public sealed class KestrelListenerHost(string trafficAddress, ILoggerFactory loggerFactory, TimeSpan drainTimeout,
    TrafficLimits? limits = null) : IListenerHost
{
    private readonly TrafficLimits _limits = limits ?? TrafficLimits.Default;

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
            k.Limits.MaxConcurrentConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
            k.ListenHandle(descriptor, l => UseTls(l, options.Tls));
        });
        var app = builder.Build();
        app.Run(context =>
        {
            if (RequestFraming.IsAmbiguous(context.Request) || RequestHost.IsInvalid(context.Request)
                || RequestTarget.HidesDotSegments(context.Request.Path.Value))
                return RefuseAsync(context);
            ConnectionHeaders.RemoveNamed(context.Request);
            // HTTP/2 has no Connection header; its connections are shared by design
            if ((!options.KeepAlive || listener.Draining)
                && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
                context.Response.Headers.Connection = "close";
            return handler(context);
        });
        return app;
    }

    /// <summary>Answers 400 and closes the connection: what follows on it cannot be trusted.</summary>
    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
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
