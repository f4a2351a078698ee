using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.EndToEnd.Tests.Cluster;

/// <summary>
/// A member on its own PostgreSQL loses the database for longer than the journal's circuit breakers stay open
/// (Akka's defaults: 30 s for the journal, 60 s for snapshots). Before the leader ran under a backoff supervisor, the
/// first write during the outage stopped it for good; with Akka's reset timeouts, writes came back up to a minute after
/// the database did.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(70);
    /// <summary>A refused write must be answered well before the object's 5 s wait for the leader and the API's 10 s
    /// timeout: a 503 that took either is a write that hung.</summary>
    private static readonly TimeSpan PromptRefusal = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Comeback = TimeSpan.FromSeconds(10);

    private readonly Postgres _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Assert.False(_postgres.IsRunning, "the test's PostgreSQL still runs");
    }

    private static string Pipeline(string name, int backendPort) => $$"""
        {"name": "{{name}}", "kind": "Pipeline", "filters": [{"name": "proxy", "kind": "Proxy", "pools": [{"servers": [{"url": "http://127.0.0.1:{{backendPort}}"}]}]}]}
        """;

    private static string Server(int port) => $$"""
        {"name": "web", "kind": "HTTPServer", "port": {{port}}, "rules": [{"paths": [{"pathPrefix": "/", "backend": "echo"}]}]}
        """;

    private sealed record Attempt(HttpStatusCode Status, TimeSpan Took, string Body);

    private static async Task<Attempt> SendAsync(HttpClient http, HttpMethod method, string url, string json)
    {
        var watch = Stopwatch.StartNew();
        using var reply = await http.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        return new Attempt(reply.StatusCode, watch.Elapsed, await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WritesAreRefusedDuringALongOutageAndComeBackWithinSecondsWithNothingLost()
    {
        var url = await _postgres.CreateDatabaseAsync();
        using var node = ServerNode.Create("outage-1", extraArgs: ["--cluster-name", "eg-outage", "--database-url", url]);
        try { await OutageAsync(node); }
        catch
        {
            output.WriteLine(string.Join('\n', node.Output.Split('\n').Where(l => !l.StartsWith("   at ", StringComparison.Ordinal)).TakeLast(80)));
            throw;
        }
    }

    private async Task OutageAsync(ServerNode node)
    {
        await node.WaitReadyAsync();
        var mirrorPort = FreePorts.Next();
        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", mirrorPort.ToString()]);
        var port = FreePorts.Next();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var objects = $"http://{node.ApiAddress}/apis/v2/objects";
        var traffic = $"http://{node.TrafficAddress}:{port}/";

        // acknowledged before the outage: a server, its pipeline, a few more, and an update
        var acknowledged = new List<string>();
        foreach (var (name, json) in new[] { ("echo", Pipeline("echo", mirrorPort)), ("web", Server(port)) }
                     .Concat(Enumerable.Range(1, 5).Select(i => ($"before-{i}", Pipeline($"before-{i}", 9)))))
        {
            var created = await SendAsync(http, HttpMethod.Post, objects, json);
            Assert.True(created.Status == HttpStatusCode.Created, $"{name}: {created.Status} {created.Body}");
            acknowledged.Add(name);
        }
        var updated = await SendAsync(http, HttpMethod.Put, $"{objects}/before-1", Pipeline("before-1", 8));
        Assert.True(updated.Status == HttpStatusCode.OK, $"{updated.Status} {updated.Body}");
        Assert.Equal(HttpStatusCode.OK, (await Retry.UntilAsync(() => http.GetAsync(traffic), r => r.StatusCode == HttpStatusCode.OK)).StatusCode);

        // the database's process goes away
        await _postgres.StopServerAsync();
        Assert.False(_postgres.IsRunning, "PostgreSQL did not stop");
        var outage = Stopwatch.StartNew();
        var refusals = new List<TimeSpan>();
        var round = 0;
        while (outage.Elapsed < Outage)
        {
            round++;
            // a new object (its entity must read the journal first) and an existing one (its entity asks the leader)
            var create = await SendAsync(http, HttpMethod.Post, objects, Pipeline($"during-{round}", 9));
            var update = await SendAsync(http, HttpMethod.Put, $"{objects}/before-2", Pipeline("before-2", 7));
            foreach (var refused in new[] { create, update })
            {
                Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"round {round} at {outage.Elapsed.TotalSeconds:0.0}s: {refused.Status} {refused.Body}");
                Assert.True(refused.Took < PromptRefusal, $"round {round}: the write was refused only after {refused.Took.TotalSeconds:0.00}s: {refused.Body}");
                refusals.Add(refused.Took);
            }
            // reads and traffic do not need the database
            using var served = await http.GetAsync(traffic);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            var listed = (await http.GetFromJsonAsync<JsonArray>(objects))!.Select(o => o!["name"]!.GetValue<string>()).ToHashSet();
            Assert.All(acknowledged, n => Assert.Contains(n, listed));
            await Task.Delay(1000);
        }
        output.WriteLine($"database stopped for {outage.Elapsed.TotalSeconds:0.0}s: {refusals.Count} writes refused with 503, " +
                         $"slowest after {refusals.Max().TotalSeconds:0.000}s, median {refusals.Order().ElementAt(refusals.Count / 2).TotalSeconds:0.000}s");

        // the database comes back: a write goes through within seconds
        await _postgres.StartServerAsync();
        var back = Stopwatch.StartNew();
        var attempts = 0;
        Attempt last;
        var lastRefusal = "";
        while (true)
        {
            var name = $"after-{++attempts}";
            last = await SendAsync(http, HttpMethod.Post, objects, Pipeline(name, 9));
            if (last.Status == HttpStatusCode.Created) { acknowledged.Add(name); break; }
            Assert.True(last.Status == HttpStatusCode.ServiceUnavailable, $"{last.Status} {last.Body}");
            lastRefusal = last.Body;
            if (back.Elapsed > TimeSpan.FromSeconds(60)) break;
            await Task.Delay(200);
        }
        var comeback = back.Elapsed;
        output.WriteLine($"first write accepted {comeback.TotalSeconds:0.00}s after the database was back ({attempts} attempts; last refusal: {lastRefusal.Trim()})");
        Assert.True(last.Status == HttpStatusCode.Created, $"no write accepted within 60 s of the database's return: {last.Body}");
        Assert.True(comeback < Comeback, $"the first write was accepted {comeback.TotalSeconds:0.00}s after the database's return");
        var again = await SendAsync(http, HttpMethod.Put, $"{objects}/before-2", Pipeline("before-2", 7));
        Assert.True(again.Status == HttpStatusCode.OK, $"{again.Status} {again.Body}");

        await AllThereAsync(http, objects, acknowledged);

        // the operator reads one line when the leader loses the journal and one when it has it back, not one per retry
        static int Lines(string log, string part) => log.Split('\n').Count(l => l.Contains(part, StringComparison.Ordinal));
        var log = node.Output;
        Assert.Equal(1, Lines(log, "writes are refused until it answers"));
        Assert.Equal(1, Lines(log, "the journal answers again after"));

        // and after a restart of the member, from the journal alone
        Assert.True(node.Process.Terminate(TimeSpan.FromSeconds(40)), "the member did not stop on SIGTERM");
        await node.RestartAsync();
        await AllThereAsync(http, objects, acknowledged);
        Assert.Equal(HttpStatusCode.OK, (await Retry.UntilAsync(() => http.GetAsync(traffic), r => r.StatusCode == HttpStatusCode.OK)).StatusCode);
    }

    /// <summary>Every acknowledged object is listed, before-1 with its update, and nothing refused was stored.</summary>
    private static async Task AllThereAsync(HttpClient http, string objects, IReadOnlyList<string> acknowledged)
    {
        var names = await Retry.UntilAsync(async () =>
                (await http.GetFromJsonAsync<JsonArray>(objects))!.Select(o => o!["name"]!.GetValue<string>()).ToHashSet(),
            listed => acknowledged.All(listed.Contains), seconds: 20);
        Assert.All(acknowledged, n => Assert.Contains(n, names));
        Assert.DoesNotContain(names, n => n.StartsWith("during-", StringComparison.Ordinal));
        var updated = await http.GetStringAsync($"{objects}/before-1");
        Assert.Contains("127.0.0.1:8", updated);
    }
}
