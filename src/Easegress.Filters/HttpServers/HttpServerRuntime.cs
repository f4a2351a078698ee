using Easegress.Filters.Pipelines;
using Easegress.Filters.Traffic;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.HttpServers;

/// <summary>
/// An HTTPServer on this node: a listener and the route table its requests are matched against. An update that
/// keeps the listener's options only swaps the route table; one that changes them opens the new listener and
/// drains the old one.
/// </summary>
public sealed class HttpServerRuntime : ITrafficObject
{
    private readonly TrafficEnvironment _environment;
    private readonly ILogger _logger;
    private volatile ServerVersion _current;
    private IListener _listener = null!;

    private sealed record ServerVersion(HttpServerSpec Spec, RouteTable Routes);

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
        var version = new ServerVersion(spec, RouteTable.Build(spec));
        var runtime = new HttpServerRuntime(spec.Name, version, environment, logger);
        runtime._listener = await environment.Listeners.StartAsync(OptionsOf(spec), runtime.HandleAsync).ConfigureAwait(false);
        logger.LogInformation("HTTPServer {Name} listening on {Address}:{Port}", spec.Name, spec.Address ?? "*", spec.Port);
        return runtime;
    }

    public async Task UpdateAsync(object spec)
    {
        var next = (HttpServerSpec)spec;
        var version = new ServerVersion(next, RouteTable.Build(next));
        var options = OptionsOf(next);
        if (options == _listener.Options)
        {
            _current = version;
            return;
        }
        var old = _listener;
        if (options.Port == old.Options.Port && options.Address == old.Options.Address)
        {
            await old.DisposeAsync().ConfigureAwait(false);   // the same socket cannot be bound twice
            _current = version;
            _listener = await _environment.Listeners.StartAsync(options, HandleAsync).ConfigureAwait(false);
        }
        else
        {
            _current = version;
            _listener = await _environment.Listeners.StartAsync(options, HandleAsync).ConfigureAwait(false);
            await old.DisposeAsync().ConfigureAwait(false);
        }
        _logger.LogInformation("HTTPServer {Name} moved to {Address}:{Port}", Name, next.Address ?? "*", next.Port);
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

    private static ListenerOptions OptionsOf(HttpServerSpec spec) =>
        new(spec.Address, spec.Port, spec.KeepAlive, spec.KeepAliveTimeout, spec.MaxConnections);

    private async Task HandleAsync(HttpContext http)
    {
        var version = _current;
        var route = version.Routes.Match(http.Request);
        switch (route.Outcome)
        {
            case RouteOutcome.NotFound: http.Response.StatusCode = StatusCodes.Status404NotFound; return;
            case RouteOutcome.MethodNotAllowed: http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed; return;
            case RouteOutcome.BadRequest: http.Response.StatusCode = StatusCodes.Status400BadRequest; return;
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
        var context = await pipeline.HandleAsync(http).ConfigureAwait(false);
        await ResponseWriter.WriteAsync(context, _logger).ConfigureAwait(false);
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

    private static void AppendForwardedFor(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (ip is null) return;
        var existing = http.Request.Headers["X-Forwarded-For"].ToString();
        http.Request.Headers["X-Forwarded-For"] = existing.Length == 0 ? ip : $"{existing}, {ip}";
    }
}
