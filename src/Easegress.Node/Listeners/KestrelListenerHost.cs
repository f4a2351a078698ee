using System.Net;
using Easegress.Filters.Traffic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Easegress.Node.Listeners;

/// <summary>
/// Opens one Kestrel server per traffic listener; stopping one drains its requests in flight. A TLS listener serves
/// HTTP/2 (negotiated by ALPN) and HTTP/1.1, and takes its certificates from <see cref="ListenerOptions.Tls"/> at every
/// handshake, so they can change while it runs.
/// </summary>
public sealed class KestrelListenerHost(string trafficAddress, ILoggerFactory loggerFactory, TimeSpan drainTimeout) : IListenerHost
{
    public async Task<IListener> StartAsync(ListenerOptions options, RequestDelegate handler, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainTimeout);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.KeepAliveTimeout = options.KeepAliveTimeout > TimeSpan.Zero ? options.KeepAliveTimeout : TimeSpan.FromSeconds(60);
            k.Limits.MaxConcurrentConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections > 0 ? options.MaxConnections : null;
            var address = options.Address ?? (trafficAddress.Length > 0 ? trafficAddress : null);
            if (address is null) k.ListenAnyIP(options.Port, l => UseTls(l, options.Tls));
            else if (address == "localhost") k.ListenLocalhost(options.Port, l => UseTls(l, options.Tls));
            else k.Listen(IPAddress.Parse(address), options.Port, l => UseTls(l, options.Tls));
        });
        var app = builder.Build();
        app.Run(options.KeepAlive ? handler : context =>
        {
            // HTTP/2 has no Connection header; its connections are shared by design
            if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
                context.Response.Headers.Connection = "close";
            return handler(context);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new KestrelListener(app, options);
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

    private sealed class KestrelListener(WebApplication app, ListenerOptions options) : IListener
    {
        public ListenerOptions Options => options;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
