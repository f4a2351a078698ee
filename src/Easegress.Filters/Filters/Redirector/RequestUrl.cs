using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Redirector;

/// <summary>The parts of a request's URL a redirect is computed from, written as Go writes them.</summary>
internal static class RequestUrl
{
    /// <summary>The escaped path and the query: <c>/a%20b?x=1</c>.</summary>
    public static string Uri(HttpRequest request) =>
        (request.PathBase + request.Path).ToUriComponent() is { Length: > 0 } path ? path + request.QueryString : "/" + request.QueryString;

    /// <summary>The path as it is, unescaped.</summary>
    public static string Path(HttpRequest request) => (request.PathBase + request.Path).Value ?? "";

    /// <summary>Scheme, host, escaped path and query: <c>https://example.com/a?x=1</c>.</summary>
    public static string Full(HttpRequest request) => $"{request.Scheme}://{request.Host.ToUriComponent()}{Uri(request)}";
}
