using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Proxy;

/// <summary>
/// A pool's background health check: every <c>interval</c> one request to each server (never on a client's request
/// path). A healthy server turns unhealthy after <c>fails</c> failed checks in a row, an unhealthy one healthy after
/// <c>pass</c> good ones; the pool's balancers then see only the healthy servers. Every server starts healthy.
/// Runs from construction until <see cref="Dispose"/>.
/// </summary>
internal sealed class PoolHealthCheck : IDisposable
{
    private const int MaxBodyChecked = 64 * 1024;

    private readonly HealthCheckSpec _spec;
    private readonly AvailableServers _servers;
    private readonly HttpMessageInvoker _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _pool;
    private readonly bool[] _healthy;
    private readonly int[] _streak;   // consecutive results that disagree with the current state
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _round = new(1, 1);   // one round at a time (the loop's, or a test's)
    private readonly Task _running;

    public PoolHealthCheck(HealthCheckSpec spec, AvailableServers servers, HttpMessageInvoker client, TimeProvider time, ILogger logger, string pool)
    {
        _spec = spec;
        _servers = servers;
        _client = client;
        _time = time;
        _logger = logger;
        _pool = pool;
        _healthy = Enumerable.Repeat(true, servers.All.Length).ToArray();
        _streak = new int[servers.All.Length];
        _running = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_spec.Interval, _time);
        try
        {
            do
            {
                await CheckAllAsync().ConfigureAwait(false);
            } while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    /// <summary>One round: every server checked at once; the available set changes when a server changes state.</summary>
    internal async Task CheckAllAsync()
    {
        await _round.WaitAsync().ConfigureAwait(false);
        try { await CheckRoundAsync().ConfigureAwait(false); }
        finally { _round.Release(); }
    }

    private async Task CheckRoundAsync()
    {
        var all = _servers.All;
        var results = await Task.WhenAll(all.Select(CheckAsync)).ConfigureAwait(false);
        var changed = false;
        for (var i = 0; i < all.Length; i++)
        {
            if (results[i] == _healthy[i]) { _streak[i] = 0; continue; }
            if (++_streak[i] < (_healthy[i] ? _spec.Fails : _spec.Pass)) continue;
            _healthy[i] = results[i];
            _streak[i] = 0;
            changed = true;
            _logger.LogWarning("Proxy {Pool}: server {Server} is now {State}", _pool, all[i].Url, results[i] ? "healthy" : "unhealthy");
        }
        if (changed) _servers.Set(_healthy);
    }

    private async Task<bool> CheckAsync(BackendServer server)
    {
        if (_stop.IsCancellationRequested) return true;
        using var timer = new CancellationTokenSource(_spec.Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, _stop.Token);
        try
        {
            using var request = RequestFor(server);
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return await MatchesAsync(response, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    private HttpRequestMessage RequestFor(BackendServer server)
    {
        var url = new UriBuilder(server.Url) { Path = "/", Query = "" };
        if (_spec.Port > 0) url.Port = _spec.Port;
        var target = new Uri(url.Uri, _spec.Uri is { Length: > 0 } uri ? uri : "/");
        var request = new HttpRequestMessage(new HttpMethod(string.IsNullOrEmpty(_spec.Method) ? "GET" : _spec.Method), target);
        foreach (var (name, value) in _spec.Headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        if (!string.IsNullOrEmpty(_spec.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_spec.Username}:{_spec.Password}")));
        if (!string.IsNullOrEmpty(_spec.Body)) request.Content = new StringContent(_spec.Body);
        return request;
    }

    private async Task<bool> MatchesAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        var match = _spec.Match;
        var status = (int)response.StatusCode;
        if (!(match?.StatusCodes ?? HealthMatchSpec.DefaultStatusCodes).Any(r => status >= r[0] && status <= r[1])) return false;
        foreach (var rule in match?.Headers ?? [])
        {
            var values = response.Headers.TryGetValues(rule.Name, out var h) ? h
                : response.Content.Headers.TryGetValues(rule.Name, out var c) ? c : [];
            var value = string.Join(",", values);
            if (rule.Regex is { } regex ? !regex.IsMatch(value) : value != rule.Value) return false;
        }
        if (match?.Body is not { } bodyRule) return true;
        var body = await ReadBodyAsync(response, cancel).ConfigureAwait(false);
        return bodyRule.Regex is { } bodyRegex ? bodyRegex.IsMatch(body) : body.Contains(bodyRule.Value, StringComparison.Ordinal);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        var buffer = new byte[MaxBodyChecked];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancel).ConfigureAwait(false)) > 0) total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Stops checking: no new round starts, and a round in flight gives up.</summary>
    public void Dispose() => _stop.Cancel();

    /// <summary>Completes when the checking loop has stopped.</summary>
    internal Task Stopped => _running;
}
