using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Easegress.Protocols.Http.AccessLogging;

/// <summary>
/// A node's access log: servers hand it entries without waiting; a background task formats them and writes one line
/// per request through the <c>AccessLog</c> logger category. When the queue is full an entry is dropped and counted,
/// so a slow log never slows traffic.
/// </summary>
public sealed class AccessLog : IAsyncDisposable
{
    public const string Category = "AccessLog";
    public const int DefaultCapacity = 16_384;

    private readonly Channel<(AccessLogEntry Entry, AccessLogFormat Format)> _queue;
    private readonly ILogger _logger;
    private readonly Task _writer;
    private long _dropped;

    public AccessLog(ILoggerFactory loggers, int capacity = DefaultCapacity)
    {
        _logger = loggers.CreateLogger(Category);
        _queue = Channel.CreateBounded<(AccessLogEntry, AccessLogFormat)>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,   // so that TryWrite says when it is full
            SingleReader = true,
        });
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Entries dropped because the queue was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    public void Add(AccessLogEntry entry, AccessLogFormat format)
    {
        if (!_queue.Writer.TryWrite((entry, format))) Interlocked.Increment(ref _dropped);
    }

    private async Task WriteAsync()
    {
        await foreach (var (entry, format) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try { _logger.LogInformation("{AccessLog}", format.Render(entry)); }
            catch (Exception e) when (e is not OutOfMemoryException) { Interlocked.Increment(ref _dropped); }
        }
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
