using System.Net;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>The access log of a real node, read back through <c>/logs</c>.</summary>
public sealed class AccessLogTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    [Fact]
    public async Task Each_request_gets_one_line_in_the_server_s_format_with_credentials_masked()
    {
        var server = traffic.NewName("logged");
        var port = await traffic.StartServerAsync(server, $$$"""
            accessLogFormat: "{{{server}}} {{Method}} {{URI}} {{StatusCode}} rx:{{ReqSize}} {{ReqHeaders}}"
            rules:
            - paths:
              - pathPrefix: /logged
                backend: {{{TrafficNode.Pipeline}}}
            """);
        using var client = TrafficNode.PlainClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/logged/x?q=1") { Content = new ByteArrayContent(new byte[7]) };
        request.Headers.Add("Authorization", "Bearer top-secret-token");
        request.Headers.Add("Cookie", "session=cookie-secret");
        request.Headers.Add("X-Api-Key", "key-secret");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        string line = "";
        await Eventually.TrueAsync(async () =>
        {
            var log = await traffic.Node.Api.GetStringAsync("logs?tail=-1");
            line = log.Split('\n').FirstOrDefault(l => l.Contains($"{server} POST")) ?? "";
            return line.Length > 0;
        }, "the access line is in the log");
        Assert.Contains($"{server} POST /logged/x?q=1 200 rx:7 map[", line);
        Assert.Contains("Authorization:[***]", line);
        Assert.Contains("Cookie:[***]", line);
        Assert.Contains("X-Api-Key:[***]", line);
        Assert.DoesNotContain("secret", line.Replace(server, ""));
    }

    [Fact]
    public async Task The_default_format_is_used_when_none_is_given()
    {
        var server = traffic.NewName("default-log");
        var port = await traffic.StartServerAsync(server, $"""
            rules:
            - paths:
              - pathPrefix: /{server}
                backend: {TrafficNode.Pipeline}
            """);
        using var client = TrafficNode.PlainClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{port}/{server}")).StatusCode);

        await Eventually.TrueAsync(async () =>
            (await traffic.Node.Api.GetStringAsync("logs?tail=-1")).Split('\n').Any(l =>
                System.Text.RegularExpressions.Regex.IsMatch(l,
                    $@"\[\S+\] \[127\.0\.0\.1:\d+ 127\.0\.0\.1 GET /{server} HTTP/1\.1 200\] \[[\d.]+(µs|ms|s) rx:0B tx:\d+B\] \[pipeline: {TrafficNode.Pipeline}\]")),
            "a default access line is in the log");
    }

    [Fact]
    public async Task Disable_access_log_writes_none()
    {
        await using var node = await InProcessNode.StartAsync(output, "eg-quiet", "--disable-access-log");
        await using var backend = await Filters.Tests.Support.RecordingBackend.StartAsync("quiet");
        await Post(node, TrafficNode.ProxyPipeline("quiet-pipeline", backend.Url));
        var port = FreePorts.Next();
        await Post(node, $"""
            name: quiet-server
            kind: HTTPServer
            port: {port}
            rules:
            - paths:
              - pathPrefix: /
                backend: quiet-pipeline
            """);
        await TrafficNode.WaitForListenerAsync(port);
        using var client = TrafficNode.PlainClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync($"http://127.0.0.1:{port}/quiet")).StatusCode == HttpStatusCode.OK, "served");

        await Task.Delay(300);
        Assert.DoesNotContain("GET /quiet", await node.Api.GetStringAsync("logs?tail=-1"));
    }

    private static async Task Post(InProcessNode node, string yaml)
    {
        var response = await node.Api.PostAsync("objects", new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
