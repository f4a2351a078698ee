using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Easegress.Node.Configuration;
using Microsoft.AspNetCore.Builder;
using Easegress.Filters.Tests.Support;

namespace Easegress.Node.Tests;

/// <summary>A whole node in this process: real Kestrel on free loopback ports, real SQLite in a temp directory.</summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessNode(WebApplication app, string home, int apiPort)
    {
        _app = app;
        Home = home;
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/apis/v2/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Api { get; }
    public string Home { get; }

    /// <param name="name">The member's name.</param>
    /// <param name="extraArgs">More command-line options (<c>--disable-access-log</c>, say).</param>
    public static async Task<InProcessNode> StartAsync(string name = "eg-test", params string[] extraArgs)
    {
        var home = Directory.CreateTempSubdirectory("eg-node-").FullName;
        var apiPort = FreePorts.Next();
        var loaded = ServerOptionsLoader.Load(
            ["--name", name, "--home-dir", home, "--api-addr", $"127.0.0.1:{apiPort}",
             "--listen-peer-urls", $"http://127.0.0.1:{FreePorts.Next()}", "--traffic-address", "127.0.0.1", .. extraArgs],
            new Dictionary<string, string>());
        var app = NodeHost.Build(loaded);
        await app.StartAsync();
        var node = new InProcessNode(app, home, apiPort);
        await node.WaitForLeaderAsync();
        return node;
    }

    private async Task WaitForLeaderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var members = await Api.GetFromJsonAsync<JsonArray>("members");
            if (members?.Any(m => m?["etcd"]?["state"]?.GetValue<string>() == "Leader") == true) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the node did not elect itself leader");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}
