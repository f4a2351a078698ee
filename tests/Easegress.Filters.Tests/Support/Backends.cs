using System.Text;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Support;

/// <summary>Backends on loopback with particular answers.</summary>
internal static class Backends
{
    /// <summary>Answers <paramref name="size"/> bytes of 'a', with a Content-Length or chunked.</summary>
    public static Task<LoopbackServer> SizedAsync(int size, bool announceLength = true, string contentType = "text/plain") =>
        LoopbackServer.StartAsync(async http =>
        {
            http.Response.ContentType = contentType;
            if (announceLength) http.Response.ContentLength = size;
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            for (var left = size; left > 0; left -= chunk.Length)
                await http.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(left, chunk.Length)));
        });

    /// <summary>Sends <c>first;</c>, flushes, waits for <paramref name="release"/>, then sends <c>second</c> (chunked).
    /// <see cref="AssertStreamedAsync"/> reads such a body on the client's side.</summary>
    public static Task<LoopbackServer> TwoPartAsync(Task release, string contentType = "text/plain") =>
        LoopbackServer.StartAsync(async http =>
        {
            http.Response.ContentType = contentType;
            http.Response.Headers["X-Backend"] = "two-part";
            await http.Response.WriteAsync("first;");
            await http.Response.Body.FlushAsync();
            await release.WaitAsync(TimeSpan.FromSeconds(20));
            await http.Response.WriteAsync("second");
        });

    /// <summary>Asserts that the client reads a two-part body's first part while the backend still holds the second
    /// back (nothing on the way buffered it whole), then releases the backend and reads the rest.</summary>
    public static async Task AssertStreamedAsync(Stream body, TaskCompletionSource release)
    {
        var buffer = new byte[64];
        var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("first;", Encoding.UTF8.GetString(buffer, 0, read));

        release.SetResult();
        Assert.Equal("second", await new StreamReader(body).ReadToEndAsync());
    }
}

/// <summary>
/// A backend that accepts connections and closes them at once, without answering: forwarding to it fails on the
/// backend's side (serverError). Unlike a port nothing listens on, no other test can start listening there.
/// </summary>
internal sealed class ClosingBackend : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly Task _accepting;

    public ClosingBackend()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var socket = await _listener.AcceptSocketAsync();
                socket.Close();
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // stopped (an accept begun after Stop says "not listening")
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
    }
}
