using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Easegress.Node.Configuration;
using Easegress.Objects;
using Microsoft.AspNetCore.Builder;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

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

    /// <summary>The node's standard output: to the attached test's output, not the test run's console.</summary>
    public NodeLog Log { get; private init; } = null!;

    /// <summary>Starts a node whose log lines go to <paramref name="output"/> (shown when that test fails).</summary>
    public static async Task<InProcessNode> StartAsync(ITestOutputHelper output, string name = "eg-test", params string[] extraArgs)
    {
        var node = await StartAsync(name, extraArgs);
        node.Log.Attach(output);
        return node;
    }

    /// <summary>Starts a node whose log lines wait in <see cref="Log"/> until a test attaches.</summary>
    /// <param name="name">The member's name.</param>
    /// <param name="extraArgs">More command-line options (<c>--disable-access-log</c>, say).</param>
    public static Task<InProcessNode> StartAsync(string name = "eg-test", params string[] extraArgs) => StartAsync(name, null, extraArgs);

    /// <summary>Starts a node that knows <paramref name="kinds"/> (the built-in kinds when null).</summary>
    public static async Task<InProcessNode> StartAsync(string name, ObjectKindRegistry? kinds, params string[] extraArgs)
    {
        var home = Directory.CreateTempSubdirectory("eg-node-").FullName;
        var apiPort = FreePorts.Next();
        var loaded = ServerOptionsLoader.Load(
            ["--name", name, "--home-dir", home, "--api-addr", $"127.0.0.1:{apiPort}",
             "--listen-peer-urls", $"http://127.0.0.1:{FreePorts.Next()}", "--traffic-address", "127.0.0.1", .. extraArgs],
            new Dictionary<string, string>());
        var log = new NodeLog();
        var app = NodeHost.Build(loaded, log, kinds);
        await app.StartAsync();
        var node = new InProcessNode(app, home, apiPort) { Log = log };
        await node.WaitForLeaderAsync();
        return node;
    }

    private async Task WaitForLeaderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // reads are refused (503) until the member has the cluster's state
            if ((await Api.GetAsync("readyz")).IsSuccessStatusCode)
            {
                var members = await Api.GetFromJsonAsync<JsonArray>("members");
                if (members?.Any(m => m?["etcd"]?["state"]?.GetValue<string>() == "Leader") == true) return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the node did not get ready (its catalog and member list) and elect itself leader");
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Log.Detach();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}
