using System.Diagnostics;
using System.Net;
using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>
/// Forwards the request, as adapted by earlier filters, to a server of the first pool that takes it (candidate pools
/// in order, else the main pool), through YARP's forwarder over this filter's own connection pool. Bodies stream
/// both ways; the response is written to the client here, so the request is marked as answered.
/// </summary>
public sealed class ProxyFilter : IAsyncFilter
{
    private static readonly ForwarderRequestConfig RequestConfig = ForwarderRequestConfig.Empty;

    private readonly string _name;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;
    private readonly ServerPool _mainPool;
    private readonly ServerPool[] _candidatePools;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ProxyFilter(ProxySpec spec, FilterEnvironment environment)
    {
        _name = spec.Name;
        _forwarder = environment.Forwarder;
        _time = environment.Time;
        _logger = environment.LoggerFactory.CreateLogger<ProxyFilter>();

        if (spec.MainPool is not null)
        {
            _mainPool = new ServerPool(spec.MainPool, spec.FailureCodes);
            _candidatePools = [];
        }
        else
        {
            var candidates = new List<ServerPool>();
            ServerPool? main = null;
            foreach (var poolSpec in spec.Pools!)
            {
                var pool = new ServerPool(poolSpec, null);
                if (pool.Matcher is null) main = pool;
                else candidates.Add(pool);
            }
            _mainPool = main ?? throw new ArgumentException("the spec has no main pool; was it validated?", nameof(spec));
            _candidatePools = candidates.ToArray();
        }

        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            // As Easegress does without mtls: backend certificates are not verified.
            SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true },
        }, disposeHandler: true);
    }

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        var response = context.Http.Response;
        if (context.ResponseSent || response.HasStarted)
        {
            // An earlier filter (another Proxy) already streamed a response; it cannot be taken back.
            _logger.LogWarning("Proxy {Filter}: the response was already sent by an earlier filter; not forwarding", _name);
            return ProxyKind.InternalError;
        }
        // A failed earlier forward leaves its error status here, and YARP takes a non-200 status as "answered already".
        if (response.StatusCode != StatusCodes.Status200OK) response.StatusCode = StatusCodes.Status200OK;

        var pool = ChoosePool(context.Request);
        var server = pool.Balancer.Choose(context.Request);
        if (server is null) return Fail(context, ForwardingFailure.NoServer);

        var transformer = context.Response is { } draft ? new ForwardingTransformer(server.UpstreamHost, draft) : server.Transformer;
        using var timeout = pool.Timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        ForwarderError error;
        try
        {
            error = await _forwarder.SendAsync(context.Http, server.Url, _client, RequestConfig, transformer,
                timeout?.Token ?? CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (context.Aborted.IsCancellationRequested) return Fail(context, ForwardingFailure.ClientGone);
            _logger.LogWarning(e, "Proxy {Filter}: forwarding to {Server} failed", _name, server.Url);
            return Fail(context, ForwardingFailure.RequestBuild);
        }

        if (error == ForwarderError.None)
        {
            context.MarkResponseSent();
            return pool.IsFailure(context.Http.Response.StatusCode) ? ProxyKind.FailureCode : "";
        }

        var exception = context.Http.GetForwarderErrorFeature()?.Exception;
        var failure = ForwardingFailure.Of(error, exception, context.Aborted.IsCancellationRequested,
            timeout?.IsCancellationRequested == true);
        if (failure.Result != ProxyKind.ClientError)
            _logger.LogWarning(exception, "Proxy {Filter}: forwarding to {Server} failed: {Error}", _name, server.Url, error);
        return Fail(context, failure);
    }

    private ServerPool ChoosePool(HttpRequest request)
    {
        foreach (var pool in _candidatePools)
            if (pool.Takes(request)) return pool;
        return _mainPool;
    }

    /// <summary>Answers with the failure's status if nothing was sent yet; once the response has started it can only be cut short.</summary>
    private static string Fail(RequestContext context, ForwardingFailure failure)
    {
        if (context.Http.Response.HasStarted) context.MarkResponseSent();
        else context.Respond(failure.StatusCode);
        return failure.Result;
    }

    public void Dispose() => _client.Dispose();
}
