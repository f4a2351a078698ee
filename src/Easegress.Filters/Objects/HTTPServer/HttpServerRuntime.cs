using System.Diagnostics;
using Easegress.Protocols.Http.AccessLogging;
using Easegress.Objects.GlobalFilter;
using Easegress.IpFiltering;
using Easegress.Protocols.Http;
using Easegress.Objects.Pipeline;
using Easegress.Statistics;
using Easegress.Tracing;
using Easegress.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Easegress.Objects.HTTPServer;

/// <summary>
/// An HTTPServer on this node: a listener and the route table its requests are matched against. An update that
/// keeps the listener's options only swaps the route table (and the certificates, which every TLS handshake reads
/// afresh); one that changes them opens the new listener and drains the old one.
/// </summary>
public sealed class HttpServerRuntime : ITrafficObject, IMetricSource
{
    private readonly TrafficEnvironment _environment;
    private readonly RuntimeDirectory<PipelineRuntime> _pipelines;
    private readonly RuntimeDirectory<GlobalFilterRuntime> _globalFilters;
    private readonly ILogger _logger;
    private volatile ServerVersion _current;
    private IListener _listener = null!;
    private ListenerTls? _tls;
    private readonly ServerStat _stat = new();
    private string? _missingGlobalFilter;

    /// <param name="Tracer">The version's tracer provider; null when the spec has no <c>tracing</c>.</param>
    private sealed record ServerVersion(HttpServerSpec Spec, RouteTable Routes, TlsCredentials? Tls, AccessLogFormat LogFormat,
        ServerTracer? Tracer);

    private HttpServerRuntime(string name, ServerVersion version, TrafficEnvironment environment, ILogger logger)
    {
        Name = name;
        _current = version;
        _environment = environment;
        _pipelines = environment.Directory<PipelineRuntime>();
        _globalFilters = environment.Directory<GlobalFilterRuntime>();
        _logger = logger;
    }

    public string Name { get; }

    public static async Task<HttpServerRuntime> StartAsync(HttpServerSpec spec, TrafficEnvironment environment)
    {
        var logger = environment.LoggerFactory.CreateLogger("HTTPServer");
        var version = VersionOf(spec);
        var runtime = new HttpServerRuntime(spec.Name, version, environment, logger);
        try { runtime._listener = await environment.Listeners.StartAsync(runtime.OptionsOf(version), runtime.HandleAsync).ConfigureAwait(false); }
        catch
        {
            version.Tracer?.Dispose();
            throw;
        }
        logger.LogInformation("HTTPServer {Name} listening on {Scheme}://{Address}:{Port}", spec.Name, spec.Https ? "https" : "http",
            spec.Address ?? "*", spec.Port);
        return runtime;
    }

    public async Task UpdateAsync(object spec)
    {
        var next = (HttpServerSpec)spec;
        var version = VersionOf(next);
        var options = OptionsOf(version);
        var previous = _current;
        if (options == _listener.Options)
        {
            _current = version;
            _ = RetireTracerAsync(previous.Tracer);
            return;
        }
        // the new listener opens beside the old one (on the same port too), then the old one drains
        var old = _listener;
        _current = version;
        _ = RetireTracerAsync(previous.Tracer);
        _listener = await _environment.Listeners.StartAsync(options, HandleAsync, old).ConfigureAwait(false);
        await old.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("HTTPServer {Name} moved to {Scheme}://{Address}:{Port}", Name, next.Https ? "https" : "http",
            next.Address ?? "*", next.Port);
    }

    /// <summary>What this server has counted on this node.</summary>
    public ServerStat Statistics => _stat;

    /// <summary>The spec this node runs now.</summary>
    public HttpServerSpec Spec => _current.Spec;

    public object Status()
    {
        var status = new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["health"] = "ok",
            ["state"] = "running",
            ["error"] = "",
        };
        _stat.Total.Snapshot().WriteTo(status);
        status["topN"] = _stat.Top().Select(top =>
        {
            var item = new Dictionary<string, object?> { ["path"] = top.Path };
            top.Stat.WriteTo(item);
            return item;
        }).ToList();
        return status;
    }

    public void CollectMetrics(MetricFamilies metrics, Labels node) =>
        HttpServerMetrics.Collect(metrics, node, Name, string.IsNullOrEmpty(Spec.RouterKind) ? RouteTable.Ordered : Spec.RouterKind, _stat);

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        // after the listener has drained: exports the last spans (off the caller's thread: an export may wait on the network)
        if (_current.Tracer is { } tracer) await Task.Run(tracer.Dispose).ConfigureAwait(false);
        _logger.LogInformation("HTTPServer {Name} stopped", Name);
    }

    private static ServerVersion VersionOf(HttpServerSpec spec) =>
        new(spec, RouteTable.Build(spec), spec.Https ? HttpServerTls.Build(spec, "") : null,
            string.IsNullOrEmpty(spec.AccessLogFormat) ? AccessLogFormat.DefaultFormat : AccessLogFormat.Parse(spec.AccessLogFormat, "accessLogFormat"),
            spec.Tracing is { } tracing ? ServerTracer.Create(spec.Name, tracing) : null);

    /// <summary>Disposes a replaced version's tracer once the requests it traces have had the drain time to finish.</summary>
    private async Task RetireTracerAsync(ServerTracer? tracer)
    {
        if (tracer is null) return;
        try { await Task.Delay(_environment.DrainTimeout).ConfigureAwait(false); }
        finally { tracer.Dispose(); }
    }

    /// <summary>The listener's options; the certificates go into the one <see cref="ListenerTls"/> this server keeps,
    /// so that options differing only in certificates are equal and the listener stays.</summary>
    private ListenerOptions OptionsOf(ServerVersion version)
    {
        var spec = version.Spec;
        ListenerTls? tls = null;
        if (version.Tls is { } credentials)
        {
            if (_tls is null) _tls = new ListenerTls(credentials);
            else _tls.Credentials = credentials;
            tls = _tls;
        }
        return new ListenerOptions(spec.Address, spec.Port, spec.KeepAlive, spec.KeepAliveTimeout, spec.MaxConnections, tls);
    }

    /// <summary>Serves one request and counts it once its response is written.</summary>
    private async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var path = http.Request.Path.Value ?? "/";
        var trace = _current.Tracer?.StartRequest(http, Name);
        if (trace is not null) http.Features.Set(trace);
        var requestBody = CountRequestBody(http);
        var responseBody = new CountingResponseBody(http.Features.GetRequiredFeature<IHttpResponseBodyFeature>());
        http.Features.Set<IHttpResponseBodyFeature>(responseBody);
        var backend = "";
        var failed = false;
        try
        {
            var version = _current;
            if (Route(http, version, out backend) is { } pipeline)
            {
                var context = new RequestContext(http, pipeline.Name);
                if (GlobalFilterOf(version.Spec) is { } globalFilter) await globalFilter.HandleAsync(context, pipeline).ConfigureAwait(false);
                else await pipeline.RunAsync(context).ConfigureAwait(false);
                await ResponseWriter.WriteAsync(context, _logger).ConfigureAwait(false);
            }
        }
        catch
        {
            failed = true;   // Kestrel answers 500 if nothing was sent yet
            throw;
        }
        finally
        {
            var requestBytes = http.Request.ContentLength ?? requestBody?.Bytes ?? 0;
            var duration = Stopwatch.GetElapsedTime(started);
            var status = failed && !http.Response.HasStarted ? StatusCodes.Status500InternalServerError : http.Response.StatusCode;
            _stat.Record(path, backend, status, duration, requestBytes, responseBody.Bytes);
            trace?.End(status);
            if (_environment.AccessLog is { } log) Log(log, http, status, backend, duration, requestBytes, responseBody.Bytes);
        }
    }

    private void Log(AccessLog log, HttpContext http, int status, string backend, TimeSpan duration, long requestBytes, long responseBytes)
    {
        var format = _current.LogFormat;
        var request = http.Request;
        var remote = http.Connection.RemoteIpAddress;
        var remoteAddr = remote is null ? "" : new System.Net.IPEndPoint(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote, http.Connection.RemotePort).ToString();
        log.Add(new AccessLogEntry(
            DateTimeOffset.Now - duration,
            remoteAddr,
            RealIp(http),
            request.Method,
            http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString,
            request.Protocol,
            status,
            duration,
            requestBytes,
            responseBytes,
            format.UsesRequestHeaders ? SecretHeaders.Copy(request.Headers) : null,
            format.UsesResponseHeaders ? SecretHeaders.Copy(http.Response.Headers) : null,
            backend.Length == 0 ? "" : $"pipeline: {backend}"), format);
    }

    /// <summary>The client's address as IP filters and ipHash see it (<see cref="ClientAddress.Of"/>).</summary>
    private static string RealIp(HttpContext http) => ClientAddress.Of(http) is { IsKnown: true } address ? address.ToString() : "";

    /// <summary>A body without a Content-Length (chunked) is counted as it is read; others are not wrapped.</summary>
    private static CountingStream? CountRequestBody(HttpContext http)
    {
        if (http.Request.ContentLength is not null) return null;
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return null;
        var counting = new CountingStream(http.Request.Body);
        http.Request.Body = counting;
        return counting;
    }

    /// <summary>Matches the request to a route and readies it for the route's pipeline. Null when the server answered
    /// itself (no route, a refused body, a pipeline that is not running); <paramref name="backend"/> is the route's
    /// backend ("" when none matched).</summary>
    private PipelineRuntime? Route(HttpContext http, ServerVersion version, out string backend)
    {
        backend = "";
        var route = version.Routes.Match(http.Request);
        switch (route.Outcome)
        {
            case RouteOutcome.NotFound: http.Response.StatusCode = StatusCodes.Status404NotFound; return null;
            case RouteOutcome.MethodNotAllowed: http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed; return null;
            case RouteOutcome.BadRequest: http.Response.StatusCode = StatusCodes.Status400BadRequest; return null;
            case RouteOutcome.Forbidden: http.Response.StatusCode = StatusCodes.Status403Forbidden; return null;
        }

        backend = route.Backend!;
        if (!LimitBody(http, route.ClientMaxBodySize)) return null;
        if (route.Route is { } matched) http.Features.Set(matched);
        if (route.RewrittenPath is { } path) http.Request.Path = new PathString(path);   // as it is: the string conversion would decode it again
        if (version.Spec.XForwardedFor) AppendForwardedFor(http);

        var pipeline = _pipelines.Find(backend);
        if (pipeline is null) http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return pipeline;
    }

    /// <summary>The server's global filter; one that does not run (yet) lets requests go to the pipeline alone,
    /// which is logged once per missing name.</summary>
    private GlobalFilterRuntime? GlobalFilterOf(HttpServerSpec spec)
    {
        if (string.IsNullOrEmpty(spec.GlobalFilter)) return null;
        if (_globalFilters.Find(spec.GlobalFilter) is { } found) return found;
        if (Interlocked.Exchange(ref _missingGlobalFilter, spec.GlobalFilter) != spec.GlobalFilter)
            _logger.LogWarning("HTTPServer {Name}: global filter {GlobalFilter} is not running; requests go to their pipelines without it",
                Name, spec.GlobalFilter);
        return null;
    }

    private static bool LimitBody(HttpContext http, long limit)
    {
        if (limit < 0)
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } unlimited) unlimited.MaxRequestBodySize = null;
            return true;
        }
        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return false;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
        return true;
    }

    /// <summary>Appends the connection's peer (an IPv4 client of a dual-stack socket as IPv4), as proxies do.</summary>
    private static void AppendForwardedFor(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null) return;
        var ip = (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString();
        var existing = http.Request.Headers["X-Forwarded-For"].ToString();
        http.Request.Headers["X-Forwarded-For"] = existing.Length == 0 ? ip : $"{existing}, {ip}";
    }
}
