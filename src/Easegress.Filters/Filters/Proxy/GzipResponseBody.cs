using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Filters.Proxy;

/// <summary>
/// The client's response body seen through gzip, put in place while the forwarder copies the backend's body: every
/// write is compressed and flushed at once, so a response that streams keeps streaming. <see cref="FinishAsync"/>
/// writes the gzip trailer and puts the client's own body back.
/// </summary>
internal sealed class GzipResponseBody : IHttpResponseBodyFeature
{
    private readonly HttpContext _http;
    private readonly IHttpResponseBodyFeature _inner;
    private readonly FlushingGzipStream _stream;
    private PipeWriter? _writer;
    private bool _finished;

    private GzipResponseBody(HttpContext http, IHttpResponseBodyFeature inner)
    {
        _http = http;
        _inner = inner;
        _stream = new FlushingGzipStream(new GZipStream(inner.Stream, CompressionLevel.Fastest, leaveOpen: true));
    }

    /// <summary>Puts a gzip body in place of the client's response body.</summary>
    public static GzipResponseBody Install(HttpContext http)
    {
        var body = new GzipResponseBody(http, http.Features.Get<IHttpResponseBodyFeature>()!);
        http.Features.Set<IHttpResponseBodyFeature>(body);
        return body;
    }

    public Stream Stream => _stream;
    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering() => _inner.DisableBuffering();
    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await FinishAsync();
        await _inner.CompleteAsync();
    }

    /// <summary>Ends the gzip stream (its trailer) and restores the client's body; safe to call more than once. Failures
    /// to write (the client went away) are left to the forwarder, which has already seen them.</summary>
    public async ValueTask FinishAsync()
    {
        if (_finished) return;
        _finished = true;
        _http.Features.Set(_inner);
        try
        {
            if (_writer is not null) await _writer.CompleteAsync();
            await _stream.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>A write-only gzip stream that flushes (a gzip sync flush) after every write.</summary>
    private sealed class FlushingGzipStream(GZipStream gzip) : Stream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await gzip.WriteAsync(buffer, cancellationToken);
            await gzip.FlushAsync(cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            gzip.Write(buffer, offset, count);
            gzip.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => gzip.FlushAsync(cancellationToken);
        public override void Flush() => gzip.Flush();
        public override ValueTask DisposeAsync() => gzip.DisposeAsync();

        protected override void Dispose(bool disposing)
        {
            if (disposing) gzip.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
