using Easegress.Filters.GlobalFilters;
using Easegress.Filters.Pipelines;
using Easegress.Filters.Traffic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.HttpServers;

/// <summary>
/// An HTTPServer on this node: a listener and the route table its requests are matched against. An update that
/// keeps the listener's options only swaps the route table (and the certificates, which every TLS handshake reads
/// afresh); one that changes them opens the new listener and drains the old one.
/// </summary>
public sealed class HttpServerRuntime : ITrafficObject
{
    private readonly TrafficEnvironment _environment;
    private readonly ILogger _logger;
    private volatile ServerVersion _current;
    private IListener _listener = null!;
    private ListenerTls? _tls;
    private string? _missingGlobalFilter;

    private sealed record ServerVersion(HttpServerSpec Spec, RouteTable Routes, TlsCredentials? Tls);

    private HttpServerRuntime(string name, ServerVersion version, TrafficEnvironment environment, ILogger logger)
    {
        Name = name;
        _current = version;
        _environment = environment;
        _logger = logger;
    }

    public string Name { get; }

    public static async Task<HttpServerRuntime> StartAsync(HttpServerSpec spec, TrafficEnvironment environment)
    {
        var logger = environment.LoggerFactory.CreateLogger("HTTPServer");
        var version = VersionOf(spec);
        var runtime = new HttpServerRuntime(spec.Name, version, environment, logger);
        runtime._listener = await environment.Listeners.StartAsync(runtime.OptionsOf(version), runtime.HandleAsync).ConfigureAwait(false);
        logger.LogInformation("HTTPServer {Name} listening on {Scheme}://{Address}:{Port}", spec.Name, spec.Https ? "https" : "http",
            spec.Address ?? "*", spec.Port);
        return runtime;
    }

    public async Task UpdateAsync(object spec)
    {
        var next = (HttpServerSpec)spec;
        var version = VersionOf(next);
        var options = OptionsOf(version);
        if (options == _listener.Options)
        {
            _current = version;
            return;
        }
        // the new listener opens beside the old one (on the same port too), then the old one drains
        var old = _listener;
        _current = version;
        _listener = await _environment.Listeners.StartAsync(options, HandleAsync, old).ConfigureAwait(false);
        await old.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("HTTPServer {Name} moved to {Scheme}://{Address}:{Port}", Name, next.Https ? "https" : "http",
            next.Address ?? "*", next.Port);
    }

    public object Status() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["health"] = "ok",
        ["state"] = "running",
        ["error"] = "",
    };

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        _logger.LogInformation("HTTPServer {Name} stopped", Name);
    }

    private static ServerVersion VersionOf(HttpServerSpec spec) =>
        new(spec, RouteTable.Build(spec), spec.Https ? HttpServerTls.Build(spec, "") : null);

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

    private async Task HandleAsync(HttpContext http)
    {
        var version = _current;
        var route = version.Routes.Match(http.Request);
        switch (route.Outcome)
        {
            case RouteOutcome.NotFound: http.Response.StatusCode = StatusCodes.Status404NotFound; return;
            case RouteOutcome.MethodNotAllowed: http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed; return;
            case RouteOutcome.BadRequest: http.Response.StatusCode = StatusCodes.Status400BadRequest; return;
            case RouteOutcome.Forbidden: http.Response.StatusCode = StatusCodes.Status403Forbidden; return;
        }

        if (!LimitBody(http, route.ClientMaxBodySize)) return;
        if (route.PathPrefix is { } prefix) http.Features.Set(new MatchedRoute(prefix));
        if (route.RewrittenPath is { } path) http.Request.Path = path;
        if (version.Spec.XForwardedFor) AppendForwardedFor(http);

        var pipeline = _environment.Pipelines.Find(route.Backend!);
        if (pipeline is null)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        var context = GlobalFilterOf(version.Spec) is { } globalFilter
            ? await globalFilter.HandleAsync(http, pipeline).ConfigureAwait(false)
            : await pipeline.HandleAsync(http).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, _logger).ConfigureAwait(false);
    }

    /// <summary>The server's global filter; one that does not run (yet) lets requests go to the pipeline alone,
    /// which is logged once per missing name.</summary>
    private GlobalFilterRuntime? GlobalFilterOf(HttpServerSpec spec)
    {
        if (string.IsNullOrEmpty(spec.GlobalFilter)) return null;
        if (_environment.GlobalFilters.Find(spec.GlobalFilter) is { } found) return found;
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
