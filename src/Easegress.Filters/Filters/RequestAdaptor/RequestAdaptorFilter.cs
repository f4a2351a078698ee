using System.Text;
using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>
/// Changes the request in place, in Easegress's order: method, path, headers (del, set, add), body, host.
/// A replaced body gets its Content-Length; Content-Encoding and Transfer-Encoding are dropped with the old body.
/// </summary>
public sealed class RequestAdaptorFilter : ISyncFilter<RequestContext>
{
    private readonly string? _method;
    private readonly PathAdaptor? _path;
    private readonly HeaderAdaptor _headers;
    private readonly byte[]? _body;
    private readonly HostString? _host;

    public RequestAdaptorFilter(RequestAdaptorSpec spec)
    {
        _method = string.IsNullOrEmpty(spec.Method) ? null : spec.Method;
        _path = spec.Path is null ? null : new PathAdaptor(spec.Path);
        _headers = new HeaderAdaptor(spec.Header);
        _body = string.IsNullOrEmpty(spec.Body) ? null : Encoding.UTF8.GetBytes(spec.Body);
        _host = string.IsNullOrEmpty(spec.Host) ? null : new HostString(spec.Host);
    }

    public string Handle(RequestContext context)
    {
        var request = context.Request;
        if (_method is not null) request.Method = _method;
        if (_path is not null) AdaptPath(request);

        _headers.Adapt(request.Headers);
        if (_body is not null) RequestBody.Replace(request, _body);
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

    public void Dispose() { }
}
