using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Easegress.Node.Tests;

/// <summary>
/// A backend over a raw socket that switches protocols whenever asked: it answers 101 to a request carrying
/// <c>Upgrade</c>, 200 to any other, and records every request head (and whatever bytes follow a 101) it reads, so a
/// test can tell whether an upgrade, or a request smuggled through its tunnel, ever reached it.
/// </summary>
internal sealed class SwitchingBackend : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ConcurrentQueue<string> Received { get; } = new();
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static SwitchingBackend Start()
    {
        var backend = new SwitchingBackend();
        backend._listener.Start();
        _ = backend.AcceptAsync();
        return backend;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            while (await RawHttp.ReadHeadAsync(stream, TimeSpan.FromSeconds(30)) is { } head)
            {
                Received.Enqueue(head);
                if (head.Contains("\r\nUpgrade:", StringComparison.OrdinalIgnoreCase))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
                    var tunnelled = new byte[4096];
                    int read;
                    while ((read = await stream.ReadAsync(tunnelled, _stop.Token)) > 0)
                        Received.Enqueue(Encoding.Latin1.GetString(tunnelled, 0, read));
                    return;
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
