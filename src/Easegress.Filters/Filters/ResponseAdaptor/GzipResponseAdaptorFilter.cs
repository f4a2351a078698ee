using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.ResponseAdaptor;

/// <summary>
/// A ResponseAdaptor with <c>compress</c> or <c>decompress</c>: the changes of <see cref="ResponseAdaptorFilter"/>, then
/// the body gzipped or gunzipped — in memory off the stage's thread, or as it streams for a body the Proxy handed over
/// as a stream.
/// </summary>
public sealed class GzipResponseAdaptorFilter(ResponseAdaptorSpec spec) : IAsyncFilter<RequestContext>
{
    private readonly ResponseAdaptorFilter _adaptor = new(spec);
    private readonly bool _compress = !string.IsNullOrEmpty(spec.Compress);

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        var result = _adaptor.Handle(context);
        if (result.Length > 0) return result;
        var response = context.Response!;
        var headers = response.Headers;
        if (_compress ? Gzip.AnyEncoding(headers.ContentEncoding) : headers.ContentEncoding.ToString() != Gzip.Encoding) return "";

        if (response.IsStream) response.WrapBodyStream(body => Gzip.Wrap(body, _compress));
        else if (await Gzip.CodeAsync(response.Body, _compress) is { } coded) response.SetBody(coded);
        else return ResponseAdaptorKind.DecompressFailed;

        headers.Remove(HeaderNames.ContentLength);
        if (_compress) headers.ContentEncoding = Gzip.Encoding;
        else headers.Remove(HeaderNames.ContentEncoding);
        return "";
    }

    public void Dispose() { }
}
