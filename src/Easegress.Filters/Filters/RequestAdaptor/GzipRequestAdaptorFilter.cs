using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>
/// A RequestAdaptor with <c>compress</c> or <c>decompress</c>: the changes of <see cref="RequestAdaptorFilter"/>, then
/// the body gzipped or gunzipped. The body is read into memory (the route's <c>clientMaxBodySize</c> bounds it) and
/// coded off the stage's thread; a body that streams (<c>clientMaxBodySize: -1</c>) is coded as it goes instead.
/// </summary>
public sealed class GzipRequestAdaptorFilter(RequestAdaptorSpec spec) : IAsyncFilter<RequestContext>
{
    private readonly RequestAdaptorFilter _adaptor = new(spec);
    private readonly bool _compress = !string.IsNullOrEmpty(spec.Compress);

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        _adaptor.Handle(context);
        var request = context.Request;
        // compress a body that has no Content-Encoding yet; decompress one whose Content-Encoding is gzip
        if (_compress ? request.Headers.ContentEncoding.Count > 0 : request.Headers.ContentEncoding.ToString() != Gzip.Encoding) return "";
        if (RequestBody.Streams(request))
            RequestBody.ReplaceWithStream(request, Gzip.Wrap(request.Body, _compress));
        else
        {
            var failed = _compress ? RequestAdaptorKind.CompressFailed : RequestAdaptorKind.DecompressFailed;
            if (await RequestBody.TryReadAsync(context) is not { } body) return failed;
            if (_compress && body.Length == 0) return "";
            if (await Gzip.CodeAsync(body, _compress) is not { } coded) return failed;
            RequestBody.Replace(request, coded);
        }
        if (_compress) request.Headers.ContentEncoding = Gzip.Encoding;
        else request.Headers.Remove(HeaderNames.ContentEncoding);
        return "";
    }

    public void Dispose() { }
}
