using Easegress.IpFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Easegress.Objects.HTTPServer;

/// <summary>The parts of a request routing looks at. The query is parsed only if a path has query conditions.</summary>
internal readonly struct RouteRequest(string method, string path, IHeaderDictionary headers, HttpRequest? http, IQueryCollection? query, ClientAddress client)
{
    public string Method => method;
    public string Path => path;
    public IHeaderDictionary Headers => headers;
    public ClientAddress Client => client;

    public StringValues Query(string key) => (query ?? http?.Query)?[key] ?? StringValues.Empty;
}

/// <summary>Why paths whose path matched were passed over; decides the status when nothing matched.</summary>
internal struct RouteMismatch
{
    public bool Method;
    public bool HeaderOrQuery;
    public bool Forbidden;

    /// <summary>403 before 400 before 405 before 404, as Easegress's mux decides.</summary>
    public readonly RouteResult Result =>
        Forbidden ? RouteResult.Forbidden
        : HeaderOrQuery ? RouteResult.BadRequest
        : Method ? RouteResult.MethodNotAllowed
        : RouteResult.NotFound;
}

/// <summary>How a rule finds the path for a request: in declaration order, or through a radix tree.</summary>
internal interface IPathRouter
{
    /// <summary>True and the result when a path takes the request; otherwise records why paths were passed over.</summary>
    bool TryRoute(in RouteRequest request, ref RouteMismatch mismatch, out RouteResult result);
}
