using System.Buffers;
using System.Net;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>
/// Keeps a copy of the backend's answer for the pool's <see cref="ResponseCache"/> while it goes wherever it goes
/// anyway: around the forward's own transformer, it swaps the backend's body for one that copies what is read from
/// it, so a streamed answer still streams (and is gzipped, if so) and a handed-over one is still read by the Proxy.
/// The copy stops, and nothing is kept, once the body passes <c>maxEntryBytes</c> or when the body is handed over as
/// a stream. Headers are the backend's (minus hop-by-hop ones), before compression or merging.
/// </summary>
internal sealed class CachingTransformer(ResponseCache cache, string key, string method) : HttpTransformer
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade",
    };

    private HttpTransformer _inner = Empty;
    private RecordingContent? _recording;
    private int _statusCode;
    private HeaderDictionary? _headers;

    /// <summary>Wraps the transformer the forward would use otherwise.</summary>
    public HttpTransformer Around(HttpTransformer inner)
    {
        _inner = inner;
        return this;
    }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken) =>
        _inner.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is { Content: { } content })
        {
            var headers = new HeaderDictionary();
            Copy(proxyResponse.Headers, headers);
            Copy(content.Headers, headers);
            _statusCode = (int)proxyResponse.StatusCode;
            if (cache.Admits(_statusCode, headers) && !(content.Headers.ContentLength > cache.MaxEntryBytes))
            {
                _headers = headers;
                _recording = new RecordingContent(content, cache.MaxEntryBytes);
                proxyResponse.Content = _recording;
            }
        }
        var copyBody = await _inner.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        // The body was handed over as a stream: it is read later, if at all, and is not kept.
        if (_recording is not null && !ReferenceEquals(proxyResponse!.Content, _recording)) _recording = null;
        return copyBody;
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse,
        CancellationToken cancellationToken) =>
        _inner.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken);

    /// <summary>Keeps the answer once the forward has finished, if all of its body went through the copy.</summary>
    public void Finish()
    {
        if (_recording is null || _headers is null) return;
        byte[]? body = PipelineResponse.BodyAllowed(method, _statusCode) ? _recording.Copy() : [];
        if (body is not null) cache.Store(key, _statusCode, _headers, body);
    }

    private static void Copy(System.Net.Http.Headers.HttpHeaders from, HeaderDictionary to)
    {
        foreach (var (name, values) in from.NonValidated)
            if (!HopByHop.Contains(name)) to[name] = values.ToArray();
    }

    /// <summary>The backend's body, copied as it is read.</summary>
    private sealed class RecordingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _limit;
        private readonly long? _announced;
        private ArrayBufferWriter<byte>? _copy = new();
        private bool _ended;

        public RecordingContent(HttpContent inner, long limit)
        {
            _inner = inner;
            _limit = limit;
            _announced = inner.Headers.ContentLength;
            foreach (var (name, values) in inner.Headers.NonValidated) Headers.TryAddWithoutValidation(name, values);
        }

        /// <summary>The whole body, or null when it was not all read or was too long.</summary>
        public byte[]? Copy() =>
            _copy is not null && (_ended || _announced == _copy.WrittenCount) ? _copy.WrittenSpan.ToArray() : null;

        private void Record(ReadOnlySpan<byte> data, bool asked)
        {
            if (data.IsEmpty)
            {
                _ended |= asked;
                return;
            }
            if (_copy is null) return;
            if (_copy.WrittenCount + data.Length > _limit) _copy = null;
            else _copy.Write(data);
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new RecordingStream(await _inner.ReadAsStreamAsync(cancellationToken), this);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var source = await CreateContentReadStreamAsync(CancellationToken.None);
            await source.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _announced ?? 0;
            return _announced is not null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }

        private sealed class RecordingStream(Stream inner, RecordingContent owner) : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                var read = inner.Read(buffer);
                owner.Record(buffer[..read], buffer.Length > 0);
                return read;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                owner.Record(buffer.Span[..read], buffer.Length > 0);
                return read;
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
