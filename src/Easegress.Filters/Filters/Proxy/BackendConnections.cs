using System.Text;
using Easegress.Threading;
using Easegress.Tracing;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Proxy;

/// <summary>
/// The connection pools a Proxy forwards over (one set per Proxy and pipeline version), set up from
/// <c>maxIdleConnsPerHost</c> and <c>mtls</c> as far as .NET's pool has an equivalent of Go's transport. When the
/// socket threads bring the requests (inline completions), each request lane has a pool of its own, whose connections
/// that lane's socket thread serves (<see cref="LaneConnect"/>); the mirror uses a shared one. Every connection of those
/// pools counts against the node's <see cref="ConnectionBudget"/> (<see cref="BudgetedConnection"/>). Health checks
/// have a pool of their own outside the budget (a few connections, within the node's reserve): a full budget must
/// not make healthy servers look down.
/// </summary>
internal sealed class BackendConnections : IDisposable
{
    /// <summary>Easegress's defaults.</summary>
    public const int DefaultMaxIdleConns = 10240;
    public const int DefaultMaxIdleConnsPerHost = 1024;

    /// <summary>How long an idle connection is kept (Go's <c>IdleConnTimeout</c> in Easegress).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);

    private readonly HttpMessageInvoker[] _lanes;

    /// <param name="perLane">One pool per request lane, besides the shared one.</param>
    public BackendConnections(ProxySpec spec, bool perLane, ConnectionBudget budget, ILogger logger)
    {
        if (spec.MaxIdleConns is { } all && all != DefaultMaxIdleConns || spec.MaxIdleConnsPerHost is > 0 and not DefaultMaxIdleConnsPerHost)
            logger.LogInformation("Proxy {Filter}: maxIdleConns/maxIdleConnsPerHost cap idle connections in Easegress; .NET's pool has no " +
                "such cap, so idle connections are kept until {Seconds} s idle instead", spec.Name, IdleTimeout.TotalSeconds);
        var tls = TlsOf(spec);
        Shared = Pool(spec, tls, LaneConnect.Anywhere(budget));
        HealthChecks = Pool(spec, tls, LaneConnect.Anywhere(ConnectionBudget.Unlimited));
        _lanes = perLane ? Enumerable.Range(0, RequestLanes.Count).Select(lane => Pool(spec, tls, LaneConnect.For(lane, budget))).ToArray() : [];
    }

    /// <summary>For background traffic: the mirror.</summary>
    public HttpMessageInvoker Shared { get; }

    /// <summary>For the pools' health checks, outside the budget.</summary>
    public HttpMessageInvoker HealthChecks { get; }

    /// <summary>For a request on this thread: its lane's pool, or the shared one.</summary>
    public HttpMessageInvoker ForThisThread => _lanes.Length == 0 ? Shared : _lanes[RequestLanes.OfThisThread];

    /// <summary>How many pools there are (for tests).</summary>
    internal int Pools => 2 + _lanes.Length;

    /// <summary>A lane's pool (for tests).</summary>
    internal HttpMessageInvoker ForLane(int lane) => _lanes[lane];

    public void Dispose()
    {
        Shared.Dispose();
        HealthChecks.Dispose();
        foreach (var lane in _lanes) lane.Dispose();
    }

    private static HttpMessageInvoker Pool(ProxySpec spec, Action<SslClientAuthenticationOptions> tls,
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect)
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
            // Kestrel takes header values only as valid UTF-8 (others get 400) and decodes them so; encoding them back
            // the same way forwards the client's bytes as they came, where the default (ASCII only) failed the request
            RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
        };
        handler.ConnectCallback = connect;
        tls(handler.SslOptions);
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>How backend TLS is set up; <c>mtls</c>'s files are read once, here.</summary>
    private static Action<SslClientAuthenticationOptions> TlsOf(ProxySpec spec)
    {
        // As Easegress does without mtls: backend certificates are not verified.
        if (spec.Mtls is not { } mtls) return static ssl => ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;

        var (client, roots) = mtls.Load("mtls");
        var certificate = SslStreamCertificateContext.Create(client.Certificate, client.Intermediates, offline: true);
        X509ChainPolicy? policy = null;
        if (!mtls.InsecureSkipVerify)
        {
            policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(roots);
        }
        return ssl =>
        {
            ssl.ClientCertificateContext = certificate;
            if (policy is null) ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            else ssl.CertificateChainPolicy = policy;
        };
    }
}
