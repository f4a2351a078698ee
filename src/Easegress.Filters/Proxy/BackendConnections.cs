using Easegress.Filters.Tracing;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Proxy;

/// <summary>
/// The connection pool a Proxy forwards over: one <see cref="SocketsHttpHandler"/> per Proxy (and pipeline version),
/// set up from <c>maxIdleConnsPerHost</c> and <c>mtls</c> as far as .NET's pool has an equivalent of Go's transport.
/// </summary>
internal static class BackendConnections
{
    /// <summary>Easegress's defaults.</summary>
    public const int DefaultMaxIdleConns = 10240;
    public const int DefaultMaxIdleConnsPerHost = 1024;

    /// <summary>How long an idle connection is kept (Go's <c>IdleConnTimeout</c> in Easegress).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);

    public static SocketsHttpHandler Create(ProxySpec spec, ILogger logger)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = BackendPropagator.Instance,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            // Go keeps no idle connection when maxIdleConnsPerHost is negative; .NET then stores none either.
            PooledConnectionIdleTimeout = spec.MaxIdleConnsPerHost < 0 ? TimeSpan.Zero : IdleTimeout,
        };
        if (spec.MaxIdleConns is { } all && all != DefaultMaxIdleConns || spec.MaxIdleConnsPerHost is > 0 and not DefaultMaxIdleConnsPerHost)
            logger.LogInformation("Proxy {Filter}: maxIdleConns/maxIdleConnsPerHost cap idle connections in Easegress; .NET's pool has no " +
                "such cap, so idle connections are kept until {Seconds} s idle instead", spec.Name, IdleTimeout.TotalSeconds);

        if (spec.Mtls is not { } mtls)
        {
            // As Easegress does without mtls: backend certificates are not verified.
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            return handler;
        }
        var (client, roots) = mtls.Load("mtls");
        handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(client.Certificate, client.Intermediates, offline: true);
        if (mtls.InsecureSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            return handler;
        }
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }
}
