using System.Text;
using Easegress.Listeners;
using Easegress.Node.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Easegress.Filters.Tests.Support;

namespace Easegress.Node.Tests;

/// <summary>
/// Slow clients against a traffic listener with short limits (the node's are 10 s for headers and 240 B/s for
/// bodies; see docs/security.md): a client trickling its headers (slowloris) or its body is cut off.
/// </summary>
public sealed class ListenerLimitsTests
{
    private static readonly TrafficLimits Short = TrafficLimits.Default with
    {
        RequestHeadersTimeout = TimeSpan.FromSeconds(1),
        MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 100, gracePeriod: TimeSpan.FromSeconds(2)),
    };

    private static async Task<(IListener Listener, int Port)> StartAsync(RequestDelegate handler)
    {
        var host = new KestrelListenerHost("limits-node", "127.0.0.1", NullLoggerFactory.Instance, TimeSpan.FromSeconds(1), Short);
        var port = FreePorts.Next();
        var listener = await host.StartAsync(new ListenerOptions("127.0.0.1", port, true, TimeSpan.FromSeconds(60), 0), handler);
        return (listener, port);
    }

    /// <summary>Writes <paramref name="text"/> a byte at a time, 200 ms apart, until done or the server gives up on
    /// the request — it closes the connection, or answers (Kestrel may send 408) before the request is complete; true
    /// when it gave up before the end.</summary>
    private static async Task<bool> TrickleAsync(Stream stream, string text)
    {
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            try { await stream.WriteAsync(new[] { b }); }
            catch (IOException) { return true; }
            if (await GaveUpAsync(stream, TimeSpan.FromMilliseconds(200))) return true;
        }
        return false;
    }

    private static async Task<bool> GaveUpAsync(Stream stream, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            _ = await stream.ReadAsync(new byte[1], timeout.Token);
            return true;   // closed (0 bytes) or an answer to a request not yet sent in full
        }
        catch (IOException) { return true; }
        catch (OperationCanceledException) { return false; }
    }

    [Fact]
    public async Task Headers_trickled_slower_than_the_timeout_are_cut_off()
    {
        var handled = 0;
        var (listener, port) = await StartAsync(_ => { Interlocked.Increment(ref handled); return Task.CompletedTask; });
        await using (listener)
        {
            using var client = await RawHttp.ConnectAsync(port);
            // 60 bytes at 5 per second take 12 s; the headers timeout is 1 s
            Assert.True(await TrickleAsync(client.GetStream(), "GET / HTTP/1.1\r\nHost: a.test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"));
            Assert.Equal(0, handled);

            using var prompt = await RawHttp.ConnectAsync(port);
            Assert.StartsWith("HTTP/1.1 200", await RawHttp.GetAsync(prompt.GetStream(), "/"));
        }
    }

    [Fact]
    public async Task A_body_trickled_below_the_minimum_rate_is_cut_off()
    {
        var (listener, port) = await StartAsync(async context =>
        {
            try { await context.Request.Body.CopyToAsync(Stream.Null); }
            catch (Microsoft.AspNetCore.Http.BadHttpRequestException) { }
        });
        await using (listener)
        {
            using var client = await RawHttp.ConnectAsync(port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: a.test\r\nContent-Length: 100\r\n\r\n"));
            Assert.True(await TrickleAsync(stream, new string('b', 100)));
        }
    }
}
