using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Support;

/// <summary>In-memory requests for filters and routes that need no network.</summary>
internal static class Requests
{
    public static DefaultHttpContext Http(string method = "GET", string path = "/", string host = "example.com",
        string? query = null, params (string Name, string Value)[] headers)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.Host = new HostString(host);
        if (query is not null) http.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers) http.Request.Headers.Append(name, value);
        return http;
    }

    public static RequestContext Context(string method = "GET", string path = "/", string host = "example.com",
        string? query = null, params (string Name, string Value)[] headers) =>
        new(Http(method, path, host, query, headers), "test");

    /// <summary>A request for a front's client, with headers.</summary>
    public static HttpRequestMessage Message(string method, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }
}
