using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Statistics;

/// <summary>
/// The response body as the server hands it to the pipeline, counting what is written through it (the stream, the
/// pipe writer or a file sent). Nothing is buffered; the counting wrappers are made only when a writer asks for them.
/// </summary>
public sealed class CountingResponseBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private CountingStream? _stream;
    private CountingPipeWriter? _writer;
    private long _sentFiles;

    /// <summary>Bytes written so far.</summary>
    public long Bytes => (_stream?.Bytes ?? 0) + (_writer?.Bytes ?? 0) + Volatile.Read(ref _sentFiles);

    public Stream Stream => _stream ??= new CountingStream(inner.Stream);
    public PipeWriter Writer => _writer ??= new CountingPipeWriter(inner.Writer);

    public void DisableBuffering() => inner.DisableBuffering();
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await inner.SendFileAsync(path, offset, count, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _sentFiles, count ?? new FileInfo(path).Length - offset);
    }
}
