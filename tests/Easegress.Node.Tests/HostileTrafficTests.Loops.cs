using Easegress.Filters.Tests.Support;
using System.Diagnostics;

namespace Easegress.Node.Tests;

/// <summary>Requests proxied back to the node that sent them (docs/security.md).</summary>
public sealed partial class HostileTrafficTests
{
    [Fact]
    public async Task A_proxy_pointing_at_its_own_server_answers_508_and_the_node_keeps_serving()
    {
        var port = FreePorts.Next();
        var looping = traffic.NewName("loop-pipeline");
        await traffic.CreateAsync(TrafficNode.ProxyPipeline(looping, $"http://127.0.0.1:{port}"));
        await traffic.CreateAsync($"""
            name: {traffic.NewName("loop")}
            kind: HTTPServer
            port: {port}
            rules:
            - paths:
              - pathPrefix: /loop/
                backend: {looping}
              - pathPrefix: /api/
                backend: {TrafficNode.Pipeline}
            """);
        await TrafficNode.WaitForListenerAsync(port);

        var clock = Stopwatch.StartNew();
        Assert.StartsWith("HTTP/1.1 508", await SendAsync(port, "GET /loop/x HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the loop took {clock.Elapsed} to detect");

        var id = Guid.NewGuid().ToString("N");
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"GET /api/after-loop-{id} HTTP/1.1\r\nHost: a.test\r\nVia: 1.0 corp-proxy\r\n\r\n"));
        var via = Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/after-loop-{id}").Headers["Via"];
        Assert.Matches(@"^1\.0 corp-proxy, 1\.1 \S+ \(Easegress [0-9a-f]{8}\)$", via);
    }

    [Fact]
    public async Task A_request_through_more_than_ten_proxies_answers_508()
    {
        var port = await ServerAsync("hops");
        var id = Guid.NewGuid().ToString("N");
        var ten = string.Join(", ", Enumerable.Range(1, 10).Select(i => $"1.1 proxy{i}"));
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"GET /api/ten-{id} HTTP/1.1\r\nHost: a.test\r\nVia: {ten}\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 508", await SendAsync(port, $"GET /api/eleven-{id} HTTP/1.1\r\nHost: a.test\r\nVia: {ten}, 1.1 proxy11\r\n\r\n"));
        Assert.False(Reached($"/api/eleven-{id}"));
    }
}
