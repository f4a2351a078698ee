using System.Collections.Concurrent;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Resilience;

/// <summary>
/// A backend on loopback that answers as its script says for the n-th request (1-based): a status (its body echoes the
/// request body), or <see cref="Hang"/> — no answer until the request is cancelled. Records every body it received and
/// every request whose call was cancelled while it hung.
/// </summary>
internal sealed class MisbehavingBackend : IAsyncDisposable
{
    public const int Hang = -1;

    private readonly LoopbackServer _server;
    private int _count;

    private MisbehavingBackend(LoopbackServer server) => _server = server;

    public string Url => _server.Url;
    public ConcurrentQueue<string> Bodies { get; } = new();
    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes when a request starts hanging.</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a hanging request was cancelled by the caller.</summary>
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<MisbehavingBackend> StartAsync(Func<int, int> script)
    {
        MisbehavingBackend? backend = null;
        var server = await LoopbackServer.StartAsync(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var n = Interlocked.Increment(ref backend!._count);
            backend.Bodies.Enqueue(body);
            var status = script(n);
            if (status == Hang)
            {
                backend.Hanging.TrySetResult();
                try { await Task.Delay(Timeout.Infinite, http.RequestAborted); }
                catch (OperationCanceledException) { backend.Cancelled.TrySetResult(); }
                return;
            }
            http.Response.StatusCode = status;
            await http.Response.WriteAsync($"#{n}: {body}");
        });
        backend = new MisbehavingBackend(server);
        return backend;
    }

    /// <summary>Sends a GET the backend hangs on, moves <paramref name="clock"/> on by <paramref name="after"/> once it
    /// hangs, and returns the answer, having seen the backend's call cancelled.</summary>
    public async Task<HttpResponseMessage> HangPastAsync(HttpClient client, string path, ManualClock clock, TimeSpan after)
    {
        var pending = client.GetAsync(path);
        await Hanging.Task.WaitAsync(TimeSpan.FromSeconds(20));
        clock.Advance(after);
        var response = await pending;
        await Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return response;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
