using System.IO.Compression;
using Easegress.Filters.Bodies;
using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>
/// A RequestAdaptor with <c>compress</c> or <c>decompress</c>: the changes of <see cref="RequestAdaptorFilter"/>, then
/// the body gzipped or gunzipped. The body is read into memory (the route's <c>clientMaxBodySize</c> bounds it) and
/// coded off the stage's thread; a body that streams (<c>clientMaxBodySize: -1</c>) is coded as it goes instead.
/// </summary>
public sealed class GzipRequestAdaptorFilter(RequestAdaptorSpec spec) : IAsyncFilter
{
    /// <summary>Bodies up to this size are coded in place; larger ones on the thread pool.</summary>
    private const int InlineSize = 64 * 1024;

    private readonly RequestAdaptorFilter _adaptor = new(spec);
    private readonly bool _compress = !string.IsNullOrEmpty(spec.Compress);

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        _adaptor.Handle(context);
        return _compress ? await CompressAsync(context) : await DecompressAsync(context);
    }

    /// <summary>Gzips a non-empty body that has no Content-Encoding yet.</summary>
    private static async ValueTask<string> CompressAsync(RequestContext context)
    {
        var request = context.Request;
        if (request.Headers.ContentEncoding.Count > 0) return "";
        if (RequestBody.Streams(request))
        {
            RequestBody.ReplaceWithStream(request, new GzipReadStream(request.Body));
            request.Headers.ContentEncoding = Gzip.Encoding;
            return "";
        }
        if (await RequestBody.TryReadAsync(context) is not { } body) return RequestAdaptorKind.CompressFailed;
        if (body.Length == 0) return "";
        if (body.Length > InlineSize) await Task.Yield();
        RequestBody.Replace(request, Gzip.Compress(body));
        request.Headers.ContentEncoding = Gzip.Encoding;
        return "";
    }

    /// <summary>Gunzips a body whose Content-Encoding is gzip.</summary>
    private static async ValueTask<string> DecompressAsync(RequestContext context)
    {
        var request = context.Request;
        if (request.Headers.ContentEncoding.ToString() != Gzip.Encoding) return "";
        if (RequestBody.Streams(request))
        {
            RequestBody.ReplaceWithStream(request, new GZipStream(request.Body, CompressionMode.Decompress));
            request.Headers.Remove(HeaderNames.ContentEncoding);
            return "";
        }
        if (await RequestBody.TryReadAsync(context) is not { } body) return RequestAdaptorKind.DecompressFailed;
        if (body.Length > InlineSize) await Task.Yield();
        if (!Gzip.TryDecompress(body, out var plain)) return RequestAdaptorKind.DecompressFailed;
        RequestBody.Replace(request, plain);
        return "";
    }

    public void Dispose() { }
}
