using System.Net;
using System.Runtime.CompilerServices;
using Easegress.Protocols.Http;
using Easegress.Statistics;
using Easegress.Tracing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>
/// Forwards the request, as adapted by earlier filters, to a server of the first pool that takes it (candidate pools
/// in order, else the main pool), through YARP's forwarder over this filter's own connection pool. Bodies stream
/// both ways; the response is written to the client here, so the request is marked as answered.
/// </summary>
public sealed class ProxyFilter : IAsyncFilter<RequestContext>, IMetricSource
{
    /// <summary>Easegress's default <c>serverMaxBodySize</c>.</summary>
    public const long DefaultServerMaxBodySize = 4 * 1024 * 1024;

    private static readonly ForwarderRequestConfig RequestConfig = ForwarderRequestConfig.Empty;

    /// <summary>For a response handed over as a stream: HTTP/1.1, whose response body outlives the forwarder's call
    /// (an HTTP/2 stream stays tied to the forwarder's cancellation, which it reuses for other requests).</summary>
    private static readonly ForwarderRequestConfig StreamHandoverConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly string _name;
    private readonly IHttpForwarder _forwarder;
    private readonly BackendConnections _connections;
    private readonly ServerPool _mainPool;
    private readonly ServerPool[] _candidatePools;
    private readonly RequestMirror? _mirror;
    private readonly ServerPool[] _pools;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _serverMaxBodySize;
    private readonly ResponseCompression? _compression;

    public ProxyFilter(ProxySpec spec, FilterEnvironment environment)
    {
        _name = spec.Name;
        _forwarder = environment.Forwarder;
        _time = environment.Time;
        _logger = environment.LoggerFactory.CreateLogger<ProxyFilter>();
        _serverMaxBodySize = spec.ServerMaxBodySize;
        _compression = spec.Compression is null ? null : new ResponseCompression(spec.Compression);

        if (spec.MainPool is not null)
        {
            _mainPool = new ServerPool(spec.MainPool, spec.FailureCodes, _time);
            _candidatePools = (spec.CandidatePools ?? []).Select(p => new ServerPool(p, spec.FailureCodes, _time)).ToArray();
        }
        else
        {
            var candidates = new List<ServerPool>();
            ServerPool? main = null;
            foreach (var poolSpec in spec.Pools!)
            {
                var pool = new ServerPool(poolSpec, null, _time);
                if (pool.Matcher is null) main = pool;
                else candidates.Add(pool);
            }
            _mainPool = main ?? throw new ArgumentException("the spec has no main pool; was it validated?", nameof(spec));
            _candidatePools = candidates.ToArray();
        }

        _connections = new BackendConnections(spec, environment.BackendPoolPerLane, environment.Connections, _logger);
        ServerPool? mirrorPool = spec.MirrorPool is null ? null : new ServerPool(spec.MirrorPool, null, _time);
        if (mirrorPool is not null) _mirror = new RequestMirror(mirrorPool, _connections.Shared, _time, _logger, _name);
        _pools = [_mainPool, .. _candidatePools, .. mirrorPool is null ? Array.Empty<ServerPool>() : [mirrorPool]];
        foreach (var pool in _pools) pool.StartHealthCheck(_connections.HealthChecks, _time, _logger, _name);
        foreach (var pool in _pools) pool.UseResilience(_time, _logger, _name);
    }

    /// <summary>The Proxy's status: each pool's statistics on this node, as Easegress shows them.</summary>
    public object? Status() => new Dictionary<string, object?>
    {
        ["mainPool"] = PoolStatus(_mainPool),
        ["candidatePools"] = _candidatePools.Select(PoolStatus).ToList(),
    };

    public void CollectMetrics(MetricFamilies metrics, Labels node)
    {
        ProxyMetrics.Collect(metrics, node, _name, "main", _mainPool.LoadBalancePolicy, _mainPool.FilterPolicy, _mainPool.Stat.Snapshot());
        for (var i = 0; i < _candidatePools.Length; i++)
        {
            var pool = _candidatePools[i];
            ProxyMetrics.Collect(metrics, node, _name, $"candidate-{i}", pool.LoadBalancePolicy, pool.FilterPolicy, pool.Stat.Snapshot());
        }
    }

    private static Dictionary<string, object?> PoolStatus(ServerPool pool)
    {
        var status = new Dictionary<string, object?> { ["stat"] = pool.Stat.Snapshot().ToStatus() };
        if (pool.Resilience?.Breaker is { } breaker) status["circuitBreaker"] = breaker.Status();
        return status;
    }

    // a pooled state machine, reused when a free one is at hand (every call is awaited exactly once)
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        if (context.ResponseSent || context.Http.Response.HasStarted)
        {
            // An earlier filter (another Proxy) already streamed a response; it cannot be taken back.
            _logger.LogWarning("Proxy {Filter}: the response was already sent by an earlier filter; not forwarding", _name);
            return ProxyKind.InternalError;
        }
        var started = _time.GetTimestamp();
        var body = context.Http.Features.Get<IHttpResponseBodyFeature>() as CountingResponseBody;
        var sentBefore = body?.Bytes ?? 0;
        var upload = context.Http.Request.Body as CountingStream;   // a chunked upload, counted as it is read
        var readBefore = upload?.Bytes ?? 0;
        _mirror?.Send(context.Request);
        var pool = ChoosePool(context.Request);
        var span = context.Trace?.StartBackend(_name);
        try
        {
            return pool.Resilience is { } resilience
                ? await ForwardResilientlyAsync(resilience, context, pool)
                : await ForwardAsync(context, pool);
        }
        finally
        {
            if (span is not null) RequestTrace.EndBackend(span, context.StatusCode);
            var requestBytes = context.Http.Request.ContentLength ?? (upload is null ? 0 : upload.Bytes - readBefore);
            RecordIn(pool, context, _time.GetElapsedTime(started), requestBytes, body is null ? null : body.Bytes - sentBefore);
        }
    }

    /// <summary>Counts the forward in its pool: the status the client gets from it and the bytes that went each way
    /// (the streamed body as counted by the server, else the announced or captured length).</summary>
    private static void RecordIn(ServerPool pool, RequestContext context, TimeSpan duration, long requestBytes, long? streamed)
    {
        var http = context.Http;
        long responseBytes;
        int status;
        if (context.ResponseSent || context.Response is null)
        {
            status = http.Response.StatusCode;
            responseBytes = streamed is > 0 ? streamed.Value : http.Response.ContentLength ?? 0;
        }
        else
        {
            status = context.Response.StatusCode;
            responseBytes = context.Response.IsStream ? 0 : context.Response.Body.Length;
        }
        pool.Stat.Record(status, duration, requestBytes, responseBytes);
    }

    /// <summary>Through the pool's retry policy and circuit breaker (its own method: the closures are not allocated for
    /// a pool without them).</summary>
    private ValueTask<string> ForwardResilientlyAsync(PoolResilience resilience, RequestContext context, ServerPool pool) =>
        resilience.RunAsync(context, () => ForwardAsync(context, pool), () => Fail(context, ForwardingFailure.ShortCircuited));

    // a pooled state machine, reused when a free one is at hand (every call is awaited exactly once)
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<string> ForwardAsync(RequestContext context, ServerPool pool)
    {
        var response = context.Http.Response;
        // A failed earlier forward leaves its error status here, and YARP takes a non-200 status as "answered already".
        if (response.StatusCode != StatusCodes.Status200OK) response.StatusCode = StatusCodes.Status200OK;

        if (pool.Cache?.TryServe(context, _compression) == true) return "";
        var server = pool.Balancer.Choose(context.Request);
        if (server is null) return Fail(context, ForwardingFailure.NoServer);

        var plan = PlanResponse(context, pool);
        // The fast path: nothing to do but stream the backend's response to the client.
        var transformer = plan is null ? server.Transformer : new ResponseTransformer(server, context, pool, plan);
        var caching = pool.Cache?.Record(context.Http.Request, MaxBodySize(pool) < 0);
        var config = plan is { MayCapture: true, MaxBodySize: < 0 } ? StreamHandoverConfig : RequestConfig;
        using var timeout = pool.Timeout is { } t ? new CancellationTokenSource(t, _time) : null;
        ForwarderError error;
        try
        {
            error = await _forwarder.SendAsync(context.Http, server.Url, _connections.ForThisThread, config, caching?.Around(transformer) ?? transformer,
                timeout?.Token ?? CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (context.Aborted.IsCancellationRequested) return Fail(context, ForwardingFailure.ClientGone);
            _logger.LogWarning(e, "Proxy {Filter}: forwarding to {Server} failed", _name, server.Url);
            return Fail(context, ForwardingFailure.RequestBuild);
        }
        finally
        {
            if (transformer is ResponseTransformer { Gzip: { } gzip }) await gzip.FinishAsync();
        }

        if (error == ForwarderError.None)
        {
            var status = context.Http.Response.StatusCode;
            if (transformer is ResponseTransformer handover)
            {
                if (handover.TooLarge)
                {
                    _logger.LogWarning("Proxy {Filter}: the response of {Server} is larger than serverMaxBodySize ({Limit} bytes); " +
                        "set serverMaxBodySize to -1 to stream it", _name, server.Url, plan!.MaxBodySize);
                    return Fail(context, ForwardingFailure.ResponseTooLarge);
                }
                status = handover.StatusCode;
                if (!handover.Captured) context.MarkResponseSent();
            }
            else context.MarkResponseSent();
            caching?.Finish();
            return pool.IsFailure(status) ? ProxyKind.FailureCode : "";
        }

        var exception = context.Http.GetForwarderErrorFeature()?.Exception;
        var failure = ForwardingFailure.Of(error, exception, context.Aborted.IsCancellationRequested,
            timeout?.IsCancellationRequested == true);
        // the budget logs when it runs out and when it has room again, not once per request it refuses
        if (failure.Result != ProxyKind.ClientError && !ConnectionBudgetExhaustedException.IsIn(exception))
            _logger.LogWarning(exception, "Proxy {Filter}: forwarding to {Server} failed: {Error}", _name, server.Url, error);
        return Fail(context, failure);
    }

    /// <summary>
    /// Whether the backend's response needs more than streaming: a later flow node may use it (after the result its
    /// status would give), an earlier filter put headers on the response, or compression is on. Null for the fast path.
    /// </summary>
    private ResponsePlan? PlanResponse(RequestContext context, ServerPool pool)
    {
        var demand = context.ResponseDemand;
        var onSuccess = demand.After("");
        var onFailure = demand.After(ProxyKind.FailureCode);
        if (!onSuccess && !onFailure && _compression is null && context.Response is null && context.KeepResponse is null) return null;
        return new ResponsePlan(onSuccess, onFailure, MaxBodySize(pool), _compression, context.KeepResponse);
    }

    private long MaxBodySize(ServerPool pool) => pool.ServerMaxBodySize != 0 ? pool.ServerMaxBodySize
        : _serverMaxBodySize != 0 ? _serverMaxBodySize
        : DefaultServerMaxBodySize;

    private ServerPool ChoosePool(HttpRequest request)
    {
        foreach (var pool in _candidatePools)
            if (pool.Takes(request)) return pool;
        return _mainPool;
    }

    /// <summary>
    /// Answers with the failure's status if nothing was sent yet — keeping a response an earlier filter prepared (its
    /// headers, CORS ones say), as Easegress does; once the response has started it can only be cut short.
    /// </summary>
    private static string Fail(RequestContext context, ForwardingFailure failure)
    {
        if (context.Http.Response.HasStarted) context.MarkResponseSent();
        else if (context.Response is { } earlier) earlier.StatusCode = failure.StatusCode;
        else context.Respond(failure.StatusCode);
        return failure.Result;
    }

    public void Dispose()
    {
        foreach (var pool in _pools) pool.HealthCheck?.Dispose();
        _connections.Dispose();
    }

    /// <summary>The pools' health checks that run (for tests).</summary>
    internal IEnumerable<PoolHealthCheck> HealthChecks => _pools.Select(p => p.HealthCheck).OfType<PoolHealthCheck>();
}
