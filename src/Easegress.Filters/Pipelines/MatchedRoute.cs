namespace Easegress.Pipelines;

/// <summary>What the HTTP server's route that sent the request to its pipeline said, as a request feature
/// (<c>HttpContext.Features.Get&lt;MatchedRoute&gt;()</c>); set only when the route's path has a prefix.</summary>
/// <param name="PathPrefix">The route path's <c>pathPrefix</c>.</param>
public sealed record MatchedRoute(string PathPrefix);
