using System.Text;
using Easegress.Protocols.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.ResponseAdaptor;

/// <summary>
/// Changes the response in place, in Easegress's order: headers (del, set, add), then body. A new body drops the
/// Content-Encoding of the old one. Without a response yet (no filter answered) the result is <c>responseNotFound</c>.
/// </summary>
public sealed class ResponseAdaptorFilter(ResponseAdaptorSpec spec) : ISyncFilter<RequestContext>
{
    private readonly HeaderAdaptor _headers = new(spec.Header);
    private readonly byte[]? _body = string.IsNullOrEmpty(spec.Body) ? null : Encoding.UTF8.GetBytes(spec.Body);

    public string Handle(RequestContext context)
    {
        if (context.Response is not { } response) return ResponseAdaptorKind.ResponseNotFound;
        _headers.Adapt(response.Headers);
        if (_body is not null)
        {
            response.SetBody(_body);
            response.Headers.Remove(HeaderNames.ContentEncoding);
        }
        return "";
    }

    public void Dispose() { }
}
