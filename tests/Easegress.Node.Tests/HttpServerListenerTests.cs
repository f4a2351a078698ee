using System.Net;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>The listener's settings through a real node: maxConnections, keepAlive, xForwardedFor, clientMaxBodySize.</summary>
public sealed class HttpServerListenerTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private const string ApiRule = """
        rules:
        - paths:
          - pathPrefix: /api/
            backend: to-backend
        """;

    [Fact]
    public async Task MaxConnections_turns_away_connections_beyond_the_limit_until_one_closes()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("max-conn"), $"""
            maxConnections: 2
            {ApiRule}
            """);
        using var first = await ServedConnectionAsync(port);
        using var second = await ServedConnectionAsync(port);

        using (var third = await RawHttp.ConnectAsync(port))
            Assert.Null(await RawHttp.GetAsync(third.GetStream(), "/"));

        first.Dispose();
        await Eventually.TrueAsync(async () =>
        {
            using var again = await RawHttp.ConnectAsync(port);
            return await RawHttp.GetAsync(again.GetStream(), "/") is { } head && head.StartsWith("HTTP/1.1 404");
        }, "a connection slot did not free up");
        Assert.StartsWith("HTTP/1.1 404", await RawHttp.GetAsync(second.GetStream(), "/"));
    }

    /// <summary>A connection the server answers. The connection that found the listener ready closes at once, but the
    /// server may count it for a moment longer: a connection refused meanwhile is made again.</summary>
    private static async Task<System.Net.Sockets.TcpClient> ServedConnectionAsync(int port)
    {
        System.Net.Sockets.TcpClient? served = null;
        await Eventually.TrueAsync(async () =>
        {
            var connection = await RawHttp.ConnectAsync(port);
            if (await RawHttp.GetAsync(connection.GetStream(), "/") is { } head && head.StartsWith("HTTP/1.1 404"))
            {
                served = connection;
                return true;
            }
            connection.Dispose();
            return false;
        }, "the server answered no connection within its limit");
        return served!;
    }

    [Fact]
    public async Task Without_keepAlive_the_server_closes_the_connection_after_each_response()
    {
        var closing = await traffic.StartServerAsync(traffic.NewName("no-keepalive"), $"""
            keepAlive: false
            {ApiRule}
            """);
        var keeping = await traffic.StartServerAsync(traffic.NewName("keepalive"), ApiRule);

        using (var connection = await RawHttp.ConnectAsync(closing))
        {
            var head = await RawHttp.GetAsync(connection.GetStream(), "/");
            Assert.Contains("Connection: close", head, StringComparison.OrdinalIgnoreCase);
            Assert.True(await RawHttp.IsClosedByServerAsync(connection.GetStream(), TimeSpan.FromSeconds(5)));
        }
        using (var connection = await RawHttp.ConnectAsync(keeping))
        {
            Assert.DoesNotContain("Connection: close", await RawHttp.GetAsync(connection.GetStream(), "/"), StringComparison.OrdinalIgnoreCase);
            Assert.False(await RawHttp.IsClosedByServerAsync(connection.GetStream(), TimeSpan.FromMilliseconds(300)));
            Assert.StartsWith("HTTP/1.1 404", await RawHttp.GetAsync(connection.GetStream(), "/"));
        }
    }

    [Fact]
    public async Task XForwardedFor_appends_the_clients_address()
    {
        var appending = await traffic.StartServerAsync(traffic.NewName("xff"), $"""
            xForwardedFor: true
            {ApiRule}
            """);
        var leaving = await traffic.StartServerAsync(traffic.NewName("no-xff"), ApiRule);
        using var client = TrafficNode.PlainClient();

        await client.GetAsync($"http://127.0.0.1:{appending}/api/xff-plain");
        var forwarded = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{appending}/api/xff-chain");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        await client.SendAsync(forwarded);
        await client.GetAsync($"http://127.0.0.1:{leaving}/api/xff-off");

        Assert.Equal("127.0.0.1", Received("/api/xff-plain").Headers["X-Forwarded-For"]);
        Assert.Equal("203.0.113.9, 127.0.0.1", Received("/api/xff-chain").Headers["X-Forwarded-For"]);
        Assert.False(Received("/api/xff-off").Headers.ContainsKey("X-Forwarded-For"));
    }

    private ReceivedRequest Received(string path) => Assert.Single(traffic.Backend.Received, r => r.Path == path);

    [Fact]
    public async Task ClientMaxBodySize_answers_413_and_minus_one_streams_a_large_body_through_the_proxy()
    {
        var firstMegabyte = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var counter = await LoopbackServer.StartAsync(async http =>
        {
            http.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;   // the backend takes any size
            long total = 0;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
                if (total >= Megabyte) firstMegabyte.TrySetResult();
            }
            await http.Response.WriteAsync(total.ToString());
        });
        var pipeline = traffic.NewName("to-counter");
        await traffic.CreateAsync(TrafficNode.ProxyPipeline(pipeline, counter.Url));
        var port = await traffic.StartServerAsync(traffic.NewName("body"), $"""
            rules:
            - paths:
              - {"{"}path: /limited, clientMaxBodySize: 1024, backend: {pipeline}{"}"}
              - {"{"}path: /stream, clientMaxBodySize: -1, backend: {pipeline}{"}"}
              - {"{"}path: /default, backend: {pipeline}{"}"}
            """);
        using var client = TrafficNode.PlainClient();
        var url = $"http://127.0.0.1:{port}";

        var first = await client.PostAsync($"{url}/limited", new ByteArrayContent(new byte[1024]));
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync($"{url}/limited", new ByteArrayContent(new byte[1025]))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync($"{url}/limited", Chunked(2048))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync($"{url}/default", Chunked(5 * (int)Megabyte))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{url}/default", Chunked(4 * (int)Megabyte))).StatusCode);

        // 40 MiB, chunked: beyond the 4 MiB default and Kestrel's own 30 MB; the client sends the rest only once the
        // backend has seen the first MiB, so a gateway that buffered the body would never answer
        const long size = 40 * Megabyte;
        var response = await client.PostAsync($"{url}/stream", new GatedContent(size, firstMegabyte.Task));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size.ToString(), await response.Content.ReadAsStringAsync());
    }

    private const long Megabyte = 1024 * 1024;

    private static StreamContent Chunked(int size) => new(new MemoryStream(new byte[size]));   // no length: chunked

    /// <summary>A chunked body that sends its first MiB, waits for <paramref name="gate"/>, then sends the rest.</summary>
    private sealed class GatedContent(long size, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < size; sent += chunk.Length)
            {
                if (sent == Megabyte) await gate.WaitAsync(TimeSpan.FromSeconds(15));
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
