using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Easegress.Filters.Tests.Support;

namespace Easegress.Node.Tests;

/// <summary>Updating a server and a pipeline while traffic flows drops no request.</summary>
public sealed class LiveUpdateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessNode _node = null!;
    private WebApplication _backend = null!;
    private int _backendPort;

    public async Task InitializeAsync()
    {
        _node = await InProcessNode.StartAsync(output, "eg-live");
        _backendPort = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_backendPort}");
        _backend = builder.Build();
        _backend.Run(async http =>
        {
            await Task.Delay(5);   // a little work, so that requests are in flight during every swap
            await http.Response.WriteAsync($"ok {http.Request.Headers["X-Version"]}");
        });
        await _backend.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private string Pipeline(int version) => $"""
        name: live
        kind: Pipeline
        flow:
        - filter: adapt
        - filter: proxy
        filters:
        - name: adapt
          kind: RequestAdaptor
          header:
            set:
              X-Version: "v{version}"
        - name: proxy
          kind: Proxy
          pools:
          - servers:
            - url: http://127.0.0.1:{_backendPort}
        """;

    private static string Server(int port, int version) => $"""
        name: live-server
        kind: HTTPServer
        port: {port}
        keepAlive: {(version % 2 == 0 ? "true" : "false")}
        rules:
        - paths:
          - pathPrefix: /
            backend: live
          - path: /extra-{version}
            backend: live
        """;

    [Fact]
    public async Task UpdatesUnderSteadyLoadDropNothing()
    {
        var port = FreePorts.Next();
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline(0))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(Server(port, 0))).StatusCode);

        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            int ok = 0, failed = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var reply = await http.GetAsync($"http://127.0.0.1:{port}/load");
                    var body = await reply.Content.ReadAsStringAsync();
                    if (reply.StatusCode == HttpStatusCode.OK) { ok++; seen.AddOrUpdate(body, 1, (_, n) => n + 1); }
                    else { failed++; output.WriteLine($"{reply.StatusCode}: {body}"); }
                }
                catch (HttpRequestException e) { failed++; output.WriteLine(e.Message); }
            }
            return (ok, failed);
        })).ToList();

        await Task.Delay(500);
        for (var version = 1; version <= 6; version++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Put("live", Pipeline(version))).StatusCode);
            await Task.Delay(300);
            Assert.Equal(HttpStatusCode.OK, (await Put("live-server", Server(port, version))).StatusCode);
            await Task.Delay(300);
        }
        stop.Cancel();
        var results = await Task.WhenAll(clients);
        var ok = results.Sum(r => r.ok);
        var failed = results.Sum(r => r.failed);
        output.WriteLine($"{ok} requests served, {failed} failed; versions seen: {string.Join(", ", seen.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} x{kv.Value}"))}");
        Assert.Equal(0, failed);
        Assert.True(ok > 100);
        Assert.Contains("ok v6", seen.Keys);   // the last version took over
    }

    [Fact]
    public async Task APortChangeMovesTheListenerAndDeleteStopsIt()
    {
        var first = FreePorts.Next();
        var second = FreePorts.Next();
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(Server(first, 1))).StatusCode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok v1", await http.GetStringAsync($"http://127.0.0.1:{first}/"));

        Assert.Equal(HttpStatusCode.OK, (await Put("live-server", Server(second, 1))).StatusCode);
        Assert.Equal("ok v1", await http.GetStringAsync($"http://127.0.0.1:{second}/"));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{first}/"));

        Assert.Equal(HttpStatusCode.OK, (await _node.Api.DeleteAsync("objects/live-server")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{second}/"));
    }

    private Task<HttpResponseMessage> Post(string yaml) => _node.Api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
    private Task<HttpResponseMessage> Put(string name, string yaml) => _node.Api.PutAsync($"objects/{name}", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
}
