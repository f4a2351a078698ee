using System.IO.Compression;

namespace Easegress.Protocols.Http.Bodies;

/// <summary>
/// Reads a source stream gzip-compressed, chunk by chunk: whatever the source yields is compressed and flushed at once,
/// so a body that streams (server-sent events, a slow download) keeps streaming, only smaller.
/// </summary>
internal sealed class GzipReadStream : Stream
{
    private const int ChunkSize = 16 * 1024;

    private readonly Stream _source;
    private readonly MemoryStream _compressed = new();
    private readonly GZipStream _gzip;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private int _pending;   // read position in _compressed
    private bool _finished;

    public GzipReadStream(Stream source)
    {
        _source = source;
        _gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending == _compressed.Length && !_finished)
        {
            _compressed.SetLength(0);
            _pending = 0;
            var read = await _source.ReadAsync(_chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _gzip.Dispose();   // writes the gzip trailer
                _finished = true;
            }
            else
            {
                _gzip.Write(_chunk, 0, read);
                _gzip.Flush();
            }
        }
        var count = (int)Math.Min(buffer.Length, _compressed.Length - _pending);
        _compressed.GetBuffer().AsMemory(_pending, count).CopyTo(buffer);
        _pending += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _compressed.Dispose();
            _source.Dispose();
        }
        base.Dispose(disposing);
    }
}
