using System.Text;

namespace Easegress.Node.Tests;

/// <summary>Bodies too large or too slow for the listener, answered as docs/security.md says (and nginx does).</summary>
public sealed partial class HostileTrafficTests
{
    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_413()
    {
        var port = await ServerAsync("chunked-big", "clientMaxBodySize: 1024");
        var id = Guid.NewGuid().ToString("N");
        var chunk = new string('c', 1500);
        var answer = await SendAsync(port, $"POST /api/chunked-big-{id} HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n"
            + $"{chunk.Length:x}\r\n{chunk}\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.DoesNotContain(traffic.Backend.Received, r => r.Path == $"/api/chunked-big-{id}" && r.Body.Length > 1024);
    }

    [Fact]
    public async Task A_stalled_body_gets_408()
    {
        var port = await ServerAsync("stalled");
        var id = Guid.NewGuid().ToString("N");
        using var client = await RawHttp.ConnectAsync(port);
        var stream = client.GetStream();
        // the node wants 240 bytes/s after a 5 s grace period; this body stops after 10 bytes
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /api/stalled-{id} HTTP/1.1\r\nHost: a.test\r\nContent-Length: 100000\r\n\r\n0123456789"));
        var answer = await RawHttp.ReadHeadAsync(stream, TimeSpan.FromSeconds(20));
        Assert.StartsWith("HTTP/1.1 408", answer);
    }
}
