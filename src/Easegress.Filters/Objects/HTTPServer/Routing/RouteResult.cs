using Easegress.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Easegress.Objects.HTTPServer;

/// <summary>What the route table decided for a request.</summary>
public enum RouteOutcome
{
    /// <summary>A path matched: send the request to <see cref="RouteResult.Backend"/>.</summary>
    Matched,
    /// <summary>No rule or path matched: 404.</summary>
    NotFound,
    /// <summary>A path matched but not its methods (and nothing else matched): 405.</summary>
    MethodNotAllowed,
    /// <summary>A path matched but not its headers or queries (and nothing else matched): 400.</summary>
    BadRequest,
    /// <summary>The client's IP is blocked by the server's ipFilter, or by that of every rule or path that would take the request: 403.</summary>
    Forbidden,
}

/// <param name="Outcome">Whether a path matched, and if not, why.</param>
/// <param name="Backend">The pipeline to run (only when matched).</param>
/// <param name="RewrittenPath">The request's new path when the path has a <c>rewriteTarget</c>, else null.</param>
/// <param name="ClientMaxBodySize">The body limit in bytes for this route; -1 means no limit.</param>
/// <param name="Route">The matched path's <c>pathPrefix</c>, if it has one (RedirectorV2 replaces it), as the request
/// feature.</param>
public readonly record struct RouteResult(RouteOutcome Outcome, string? Backend, string? RewrittenPath, long ClientMaxBodySize,
    MatchedRoute? Route = null)
{
    public static readonly RouteResult NotFound = new(RouteOutcome.NotFound, null, null, 0);
    public static readonly RouteResult MethodNotAllowed = new(RouteOutcome.MethodNotAllowed, null, null, 0);
    public static readonly RouteResult BadRequest = new(RouteOutcome.BadRequest, null, null, 0);
    public static readonly RouteResult Forbidden = new(RouteOutcome.Forbidden, null, null, 0);

    public bool IsMatched => Outcome == RouteOutcome.Matched;

    /// <summary>The status the server answers with when nothing matched; 0 when matched.</summary>
    public int StatusCode => Outcome switch
    {
        RouteOutcome.NotFound => StatusCodes.Status404NotFound,
        RouteOutcome.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        RouteOutcome.BadRequest => StatusCodes.Status400BadRequest,
        RouteOutcome.Forbidden => StatusCodes.Status403Forbidden,
        _ => 0,
    };

    /// <summary>The limit in the form of Kestrel's <c>IHttpMaxRequestBodySizeFeature.MaxRequestBodySize</c> (null = none).</summary>
    public long? MaxRequestBodySize => ClientMaxBodySize < 0 ? null : ClientMaxBodySize;
}
