using System.Text;
using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>
/// Changes the request in place, in Easegress's order: method, path, headers (del, set, add), body, host.
/// A replaced body gets its Content-Length; Content-Encoding and Transfer-Encoding are dropped with the old body.
/// </summary>
public sealed class RequestAdaptorFilter : ISyncFilter
{
    private readonly string? _method;
    private readonly PathAdaptor? _path;
    private readonly string[] _deleteHeaders;
    private readonly KeyValuePair<string, string>[] _setHeaders;
    private readonly KeyValuePair<string, string>[] _addHeaders;
    private readonly byte[]? _body;
    private readonly HostString? _host;

    public RequestAdaptorFilter(RequestAdaptorSpec spec)
    {
        _method = string.IsNullOrEmpty(spec.Method) ? null : spec.Method;
        _path = spec.Path is null ? null : new PathAdaptor(spec.Path);
        _deleteHeaders = spec.Header?.Del?.ToArray() ?? [];
        _setHeaders = spec.Header?.Set?.ToArray() ?? [];
        _addHeaders = spec.Header?.Add?.ToArray() ?? [];
        _body = string.IsNullOrEmpty(spec.Body) ? null : Encoding.UTF8.GetBytes(spec.Body);
        _host = string.IsNullOrEmpty(spec.Host) ? null : new HostString(spec.Host);
    }

    public string Handle(RequestContext context)
    {
        var request = context.Request;
        if (_method is not null) request.Method = _method;
        if (_path is not null) AdaptPath(request);

        var headers = request.Headers;
        foreach (var name in _deleteHeaders) headers.Remove(name);
        foreach (var (name, value) in _setHeaders) headers[name] = value;
        foreach (var (name, value) in _addHeaders) headers.Append(name, value);

        if (_body is not null) ReplaceBody(request, _body);
        if (_host is { } host) request.Host = host;
        return "";
    }

    private void AdaptPath(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var adapted = _path!.Adapt(path);
        if (ReferenceEquals(adapted, path) || adapted == path) return;
        // A path must start with '/' (a trimmed prefix or a regexp replacement may have removed it).
        request.Path = new PathString(adapted.Length == 0 || adapted[0] == '/' ? adapted : "/" + adapted);
    }

    private static void ReplaceBody(HttpRequest request, byte[] body)
    {
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        request.Headers.Remove(HeaderNames.TransferEncoding);
        request.Headers.Remove(HeaderNames.ContentEncoding);
        // The server decided from the original request whether it has a body (a GET usually has none);
        // the forwarder asks this feature, so tell it the new body is there.
        request.HttpContext.Features.Set<IHttpRequestBodyDetectionFeature>(ReplacedBody.Instance);
    }

    public void Dispose() { }

    private sealed class ReplacedBody : IHttpRequestBodyDetectionFeature
    {
        public static readonly ReplacedBody Instance = new();
        public bool CanHaveBody => true;
    }
}
