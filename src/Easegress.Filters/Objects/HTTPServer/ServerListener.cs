using Easegress.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Objects.HTTPServer;

/// <summary>
/// An HTTPServer's listener, kept open on the options it is given. One that cannot open (its port busy, say) is tried
/// again after 1 s, then after twice as long each time up to every 10 s (Easegress retries every 10 s), until it
/// opens, the options change, or the server stops; a failure and the recovery are logged once each, not every attempt.
/// </summary>
internal sealed class ServerListener : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);

    private readonly IListenerHost _host;
    private readonly RequestDelegate _handler;
    private readonly ILogger _logger;
    private readonly string _server;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopped = new();
    private IListener? _listener;
    private ListenerOptions _options;
    private Task _retrying = Task.CompletedTask;

    public ServerListener(IListenerHost host, ListenerOptions options, RequestDelegate handler, ILogger logger, string server)
    {
        _host = host;
        _options = options;
        _handler = handler;
        _logger = logger;
        _server = server;
    }

    /// <summary>Why the listener is not open; null while it listens.</summary>
    public string? Error { get; private set; }

    /// <summary>The options it listens on, or will once it can open.</summary>
    public ListenerOptions Options => _options;

    /// <summary>Opens the listener, or starts retrying when it cannot.</summary>
    public async Task OpenAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try { await TryOpenAsync().ConfigureAwait(false); }
        finally { _gate.Release(); }
    }

    /// <summary>Moves to <paramref name="options"/>: an open listener is replaced (the new one opens beside it, then it
    /// drains; a failure leaves the old one open and throws); one that is not open is tried again at once.</summary>
    public async Task MoveAsync(ListenerOptions options)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_listener is { } old)
            {
                if (options == old.Options) return;
                _listener = await _host.StartAsync(options, _handler, old).ConfigureAwait(false);
                _options = options;
                await old.DisposeAsync().ConfigureAwait(false);
                return;
            }
            _options = options;
            await TryOpenAsync().ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Under the gate.</summary>
    private async Task TryOpenAsync()
    {
        try
        {
            _listener = await _host.StartAsync(_options, _handler).ConfigureAwait(false);
            if (Error is not null) _logger.LogInformation("HTTPServer {Name} listening on port {Port} after all", _server, _options.Port);
            Error = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (Error is null)
                _logger.LogError("HTTPServer {Name} cannot listen on port {Port}: {Error}; retrying every {Retry}s at most",
                    _server, _options.Port, e.Message, LastRetry.TotalSeconds);
            Error = e.Message;
            if (_retrying.IsCompleted) _retrying = RetryAsync();
        }
    }

    private async Task RetryAsync()
    {
        var delay = FirstRetry;
        while (!_stopped.IsCancellationRequested)
        {
            try { await Task.Delay(delay, _stopped.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_listener is not null || _stopped.IsCancellationRequested) return;
                await TryOpenAsync().ConfigureAwait(false);
                if (_listener is not null) return;
            }
            finally { _gate.Release(); }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_listener is { } listener) await listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }
        finally { _gate.Release(); }
    }
}
