using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Easegress.Node.Tests;

/// <summary>HTTP/1.1 by hand over one connection, for tests about connections themselves (keep-alive, limits, TLS).</summary>
public static class RawHttp
{
    public static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Sends a GET and returns the status line and headers of the answer; the answer must have no body
    /// (the server's own 403/404/405 answers have none). Null when the server closed the connection instead.</summary>
    public static Task<string?> GetAsync(Stream stream, string path, string host = "example.com") =>
        SendAsync(stream, $"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");

    /// <summary>Sends <paramref name="request"/> as it is (any bytes a client could send) and returns the status line
    /// and headers of the answer, or null when the server closed the connection instead.</summary>
    public static async Task<string?> SendAsync(Stream stream, string request)
    {
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            return await ReadHeadAsync(stream);
        }
        catch (IOException)
        {
            return null;   // reset by the server
        }
    }

    /// <summary>Reads the status line and headers of an answer, waiting up to <paramref name="within"/> (10 s by
    /// default); null when the server closed the connection first.</summary>
    public static async Task<string?> ReadHeadAsync(Stream stream, TimeSpan? within = null)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, timeout.Token) == 0) return head.Length == 0 ? null : head.ToString();
            head.Append((char)buffer[0]);
        }
        return head.ToString();
    }

    /// <summary>True when the server closes the connection (end of stream or reset) within the time given.</summary>
    public static async Task<bool> IsClosedByServerAsync(Stream stream, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try { return await stream.ReadAsync(new byte[1], timeout.Token) == 0; }
        catch (IOException) { return true; }
        catch (OperationCanceledException) { return false; }
    }
}
