namespace Easegress.Node.Tests;

/// <summary>Protocol upgrades, refused until the node can tunnel them behind its rules (docs/security.md).</summary>
public sealed partial class HostileTrafficTests
{
    [Theory]
    [InlineData("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")]
    [InlineData("Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n")]
    [InlineData("Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n")]
    [InlineData("Connection: upgrade\r\nUpgrade: custom/1.0\r\n")]
    public async Task An_upgrade_is_refused_with_403_and_nothing_after_it_reaches_the_backend(string upgrade)
    {
        await using var backend = SwitchingBackend.Start();
        var pipeline = traffic.NewName("upgrade-pipeline");
        await traffic.CreateAsync(TrafficNode.ProxyPipeline(pipeline, backend.Url));
        var port = await traffic.StartServerAsync(traffic.NewName("upgrade"), $"""
            rules:
            - paths:
              - pathPrefix: /ws/
                backend: {pipeline}
            """);
        using var client = await RawHttp.ConnectAsync(port);
        var stream = client.GetStream();

        var answer = await RawHttp.SendAsync(stream, $"GET /ws/chat HTTP/1.1\r\nHost: a.test\r\n{upgrade}\r\n");
        // what a client would send through a tunnel: a request no rule routes
        var smuggled = await RawHttp.SendAsync(stream, "GET /unrouted-secret HTTP/1.1\r\nHost: a.test\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403", answer);
        Assert.True(smuggled is null || smuggled.StartsWith("HTTP/1.1 404", StringComparison.Ordinal), smuggled);
        Assert.DoesNotContain(backend.Received, r => r.Contains("Upgrade", StringComparison.OrdinalIgnoreCase) || r.Contains("unrouted", StringComparison.Ordinal));

        // the same route still serves plain requests, on a new connection
        using var plain = await RawHttp.ConnectAsync(port);
        Assert.StartsWith("HTTP/1.1 200", await RawHttp.SendAsync(plain.GetStream(), "GET /ws/plain HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        Assert.Contains(backend.Received, r => r.StartsWith("GET /ws/plain ", StringComparison.Ordinal));
    }
}
