using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>An HTTPServer whose port was busy when it started listens once the port is free, as in Easegress.</summary>
public sealed class ListenerRetryTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    [Fact]
    public async Task A_server_whose_port_was_busy_listens_and_serves_once_it_is_free()
    {
        var port = FreePorts.Next();
        var name = traffic.NewName("busy-port");
        using (var squatter = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true })
        {
            squatter.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            squatter.Listen();
            await traffic.CreateAsync($"""
                name: {name}
                kind: HTTPServer
                port: {port}
                rules:
                - paths:
                  - pathPrefix: /api/
                    backend: {TrafficNode.Pipeline}
                """);
            await Eventually.TrueAsync(async () => (await StatusAsync(name))?["state"]?.GetValue<string>() == "failed",
                "the server's status does not show that it cannot listen");
        }

        var freed = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => (await StatusAsync(name))?["state"]?.GetValue<string>() == "running",
            "the server did not listen once its port was free");
        Assert.True(freed.Elapsed < TimeSpan.FromSeconds(12), $"listening took {freed.Elapsed}");
        using var client = TrafficNode.PlainClient();
        var response = await client.GetAsync($"http://127.0.0.1:{port}/api/after-busy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonObject?> StatusAsync(string name)
    {
        var status = await traffic.Node.Api.GetFromJsonAsync<JsonObject>($"status/objects/{name}");
        return status?.FirstOrDefault().Value as JsonObject;
    }
}
