using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Easegress.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests.Cluster;

/// <summary>A real cluster: processes on 127.0.0.1, a real PostgreSQL, the real egctl.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(Postgres postgres, ITestOutputHelper output)
{
    private static string Server(int port) => $"""
        kind: HTTPServer
        name: web
        port: {port}
        rules:
        - paths:
          - pathPrefix: /
            backend: echo
        """;

    private static string Pipeline(string name, int backendPort) => $$"""
        {"name": "{{name}}", "kind": "Pipeline", "filters": [{"name": "proxy", "kind": "Proxy", "pools": [{"servers": [{"url": "http://127.0.0.1:{{backendPort}}"}]}]}]}
        """;

    private static string LimitedServer(int port) => $"""
        kind: HTTPServer
        name: limited-web
        port: {port}
        rules:
        - paths:
          - pathPrefix: /
            backend: limited
        """;

    /// <summary>8 permits an hour for the whole cluster: no new period starts during the test.</summary>
    private static string LimitedPipeline(int backendPort) => $$"""
        kind: Pipeline
        name: limited
        flow: [{filter: limiter}, {filter: proxy}]
        filters:
        - name: limiter
          kind: RateLimiter
          scope: cluster
          policies: [{name: hourly, limitForPeriod: 8, limitRefreshPeriod: 1h, timeoutDuration: 0s}]
          urls: [{url: {prefix: /}, policyRef: hourly}]
        - name: proxy
          kind: Proxy
          pools: [{servers: [{url: "http://127.0.0.1:{{backendPort}}"}]}]
        """;

    /// <summary>Waits until the limiter of each of <paramref name="nodes"/> counts exactly that many members (the status
    /// of every member, read through the first).</summary>
    private static async Task SharedAmongAsync(IReadOnlyCollection<ServerNode> nodes, HttpClient http)
    {
        var pattern = new System.Text.RegularExpressions.Regex($"\"members\"\\s*:\\s*{nodes.Count}\\b");
        var status = await Retry.UntilAsync(() => http.GetStringAsync($"http://{nodes.First().ApiAddress}/apis/v2/status/objects/limited"),
            body => pattern.Matches(body).Count == nodes.Count, seconds: 20);
        Assert.True(pattern.Matches(status).Count == nodes.Count, status);
    }

    /// <summary>Waits until something accepts TCP connections at the address (a listener the catalog has reached
    /// binds a moment after its pipeline's status shows).</summary>
    private static async Task ListeningAsync(string address, int port)
    {
        var accepted = await Retry.UntilAsync(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            try { await client.ConnectAsync(address, port); return true; }
            catch (System.Net.Sockets.SocketException) { return false; }
        }, ok => ok, seconds: 20);
        Assert.True(accepted, $"nothing listens at {address}:{port}");
    }

    /// <summary>Sends 5 requests to the limited server of <paramref name="node"/>; returns how many were let through.</summary>
    private static async Task<int> GrantedAsync(ServerNode node, int port, HttpClient http)
    {
        var granted = 0;
        for (var i = 0; i < 5; i++)
        {
            var reply = await http.GetAsync($"http://{node.TrafficAddress}:{port}/sale");
            if (reply.StatusCode == HttpStatusCode.OK) granted++;
            else Assert.Equal(HttpStatusCode.TooManyRequests, reply.StatusCode);
        }
        return granted;
    }

    [Fact]
    public async Task WritesThroughAnyNodeReachEveryNodeAndSurviveLeaveAndRestart()
    {
        using var cluster = new TestCluster(await postgres.CreateDatabaseAsync());
        await cluster.WaitReadyAsync();
        var secondary = await cluster.AddSecondaryAsync();   // joins late
        var mirrorPort = FreePorts.Next();
        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", mirrorPort.ToString()]);
        var port = FreePorts.Next();

        // writes through the secondary (forwarded to the primaries)
        Assert.Equal(0, (await Egctl.ExecAsync(secondary.ApiAddress, Server(port) + "\n---\n" + Pipeline("echo", mirrorPort), "object", "create")).ExitCode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var node in cluster.Nodes)
        {
            var reply = await Retry.UntilAsync(() => http.GetAsync($"http://{node.TrafficAddress}:{port}/hello"), r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }
        // every member reports the same cluster-wide config version (once the catalog has spread)
        var versions = await Retry.UntilAsync(() => Task.WhenAll(cluster.Nodes.Select(async n =>
            (await http.GetAsync($"http://{n.ApiAddress}/apis/v2/healthz")).Headers.GetValues("X-Config-Version").Single())),
            v => v.Distinct().Count() == 1, seconds: 10);
        Assert.Single(versions.Distinct());

        var members = await Egctl.ExecAsync(cluster.Nodes[0].ApiAddress, null, "member", "list");
        Assert.Equal(4, CountOf(members.Stdout, "cluster-name: eg-test"));
        Assert.Equal(1, CountOf(members.Stdout, "state: Leader"));
        Assert.Equal(2, CountOf(members.Stdout, "state: Follower"));
        Assert.Equal(1, CountOf(members.Stdout, "cluster-role: secondary"));

        // a cluster-wide rate limit: the members' shares add up to it, and a leaving member's share goes to the others
        var limitedPort = FreePorts.Next();
        Assert.Equal(0, (await Egctl.ExecAsync(cluster.Nodes[0].ApiAddress, LimitedServer(limitedPort) + "\n---\n" + LimitedPipeline(mirrorPort), "object", "create")).ExitCode);
        await SharedAmongAsync(cluster.Nodes, http);
        foreach (var node in cluster.Nodes) await ListeningAsync(node.TrafficAddress, limitedPort);   // a permit spent on a probe would skew the count
        var granted = await Task.WhenAll(cluster.Nodes.Select(n => GrantedAsync(n, limitedPort, http)));
        output.WriteLine($"scope: cluster, limit 8 among 4 members: granted {string.Join(", ", granted)}");
        Assert.Equal(8, granted.Sum());
        Assert.All(granted, g => Assert.Equal(2, g));

        // the operator console, through the real egctl
        var show = await Egctl.ExecAsync(secondary.ApiAddress, null, "cluster", "show");
        Assert.Equal(0, show.ExitCode);
        Assert.All(cluster.Nodes, n => Assert.Contains(n.Name, show.Stdout));
        Assert.Contains("Singleton:", show.Stdout);
        var singleton = await Egctl.ExecAsync(secondary.ApiAddress, null, "cluster", "singleton");
        Assert.Contains($"runs on {await TestCluster.LeaderAsync(secondary)}", singleton.Stdout);
        var shards = await Egctl.ExecAsync(cluster.Nodes[1].ApiAddress, null, "cluster", "shards");
        Assert.Equal(0, shards.ExitCode);
        Assert.Contains("echo", shards.Stdout);
        var unknown = await Egctl.ExecAsync(secondary.ApiAddress, null, "cluster", "leave", "no-such-member");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no-such-member", unknown.Stderr);
        var alive = await Egctl.ExecAsync(secondary.ApiAddress, null, "member", "purge", cluster.Nodes[0].Name);
        Assert.NotEqual(0, alive.ExitCode);
        Assert.Contains("409", alive.Stderr);

        // a graceful leave of the leader's node hands the leader over
        var leaderName = await TestCluster.LeaderAsync(cluster.Nodes[0]);
        var leader = cluster.Nodes.Single(n => n.Name == leaderName);
        var survivor = cluster.Nodes.First(n => n != leader && n != secondary);
        var watch = Stopwatch.StartNew();
        Assert.True(leader.Process.Terminate(TimeSpan.FromSeconds(40)), "the leader's node did not stop on SIGTERM");
        var stopped = watch.Elapsed;
        var next = await Retry.UntilAsync(() => TestCluster.LeaderAsync(survivor), l => l is not null && l != leader.Name);
        output.WriteLine($"graceful leave: process exited after {stopped.TotalSeconds:0.00} s, new leader {next} after {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.NotNull(next);
        Assert.Equal(0, (await Egctl.ExecAsync(survivor.ApiAddress, Pipeline("after-leave", mirrorPort), "object", "create")).ExitCode);

        // 8 among the 3 left is 3 + 3 + 2: within the same period, the survivors grant 2 more between them
        var left = cluster.Nodes.Where(n => n != leader).ToList();
        await SharedAmongAsync(left, http);
        var more = await Task.WhenAll(left.Select(n => GrantedAsync(n, limitedPort, http)));
        output.WriteLine($"after the leave, 3 members: granted {string.Join(", ", more)} more");
        Assert.Equal(2, more.Sum());

        // a restart of the whole cluster brings back every object
        foreach (var node in cluster.Nodes.Where(n => !n.Process.HasExited)) Assert.True(node.Process.Terminate(TimeSpan.FromSeconds(40)));
        foreach (var node in cluster.Nodes) node.Restart();
        await cluster.WaitReadyAsync();
        var list = await Retry.UntilAsync(() => Egctl.ExecAsync(cluster.Nodes[1].ApiAddress, null, "object", "list"),
            r => r.Stdout.Contains("name: after-leave") && r.Stdout.Contains("name: web") && r.Stdout.Contains("name: echo"));
        Assert.Contains("name: after-leave", list.Stdout);
        foreach (var node in cluster.Nodes)
            Assert.Equal(HttpStatusCode.OK, (await Retry.UntilAsync(() => http.GetAsync($"http://{node.TrafficAddress}:{port}/again"), r => r.StatusCode == HttpStatusCode.OK)).StatusCode);
    }

    /// <summary>The log lines that time a failover: unreachable, downed, removed, the leader running again.</summary>
    private static bool Milestone(string line) =>
        line.Contains("UNREACHABLE", StringComparison.Ordinal) || line.Contains("crashed", StringComparison.Ordinal) || line.Contains("TERMINATED", StringComparison.Ordinal) || line.Contains("SBR took decision", StringComparison.OrdinalIgnoreCase)
        || line.Contains("removing", StringComparison.OrdinalIgnoreCase) || line.Contains("leader running", StringComparison.Ordinal)
        || line.Contains("Singleton", StringComparison.Ordinal) || line.Contains("ShardCoordinator", StringComparison.Ordinal)
        || line.Contains("Shard", StringComparison.Ordinal) && line.Contains("WARN", StringComparison.Ordinal)
        || line.Contains("after-crash", StringComparison.Ordinal);

    /// <summary>The leader's member dies under load: <c>kill -9</c> (its peer port then refuses connections, so the
    /// crash detector downs it) or frozen with SIGSTOP (its port still accepts, so the failure detector and the
    /// split-brain resolver must decide, as when a whole machine stops).</summary>
    [Theory]
    [InlineData("kill")]
    [InlineData("freeze")]
    public async Task LosingTheLeadersNodeUnderLoadLosesNoRequestAndNoWrite(string how)
    {
        using var cluster = new TestCluster(await postgres.CreateDatabaseAsync());
        await cluster.WaitReadyAsync();
        var mirrorPort = FreePorts.Next();
        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", mirrorPort.ToString()]);
        var port = FreePorts.Next();
        var first = cluster.Nodes[0];
        Assert.Equal(0, (await Egctl.ExecAsync(first.ApiAddress, Server(port) + "\n---\n" + Pipeline("echo", mirrorPort), "object", "create")).ExitCode);
        var acknowledged = new List<string> { "web", "echo" };

        var leaderName = await TestCluster.LeaderAsync(first);
        var leader = cluster.Nodes.Single(n => n.Name == leaderName);
        var survivors = cluster.Nodes.Where(n => n != leader).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var node in survivors)
            await Retry.UntilAsync(() => http.GetAsync($"http://{node.TrafficAddress}:{port}/"), r => r.StatusCode == HttpStatusCode.OK);

        // steady, bounded load on the survivors: one request at a time per node, about 50 per second each
        using var stopLoad = new CancellationTokenSource();
        var load = survivors.Select(node => Task.Run(async () =>
        {
            int ok = 0, failed = 0;
            while (!stopLoad.IsCancellationRequested)
            {
                try
                {
                    using var reply = await http.GetAsync($"http://{node.TrafficAddress}:{port}/load");
                    if (reply.StatusCode == HttpStatusCode.OK) ok++; else failed++;
                }
                catch (HttpRequestException) { failed++; }
                await Task.Delay(20);
            }
            return (node.Name, ok, failed);
        })).ToList();
        await Task.Delay(1000);

        var watch = Stopwatch.StartNew();
        if (how == "kill") leader.Process.Kill(); else leader.Process.Freeze();
        var writer = survivors[0];
        TimeSpan accepted;
        var attempt = 0;
        while (true)
        {
            var name = $"after-crash-{++attempt}";
            using var reply = await http.PostAsync($"http://{writer.ApiAddress}/apis/v2/objects",
                new StringContent(Pipeline(name, mirrorPort), Encoding.UTF8, "application/json"));
            if (reply.StatusCode == HttpStatusCode.Created) { acknowledged.Add(name); accepted = watch.Elapsed; break; }
            Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "no write was accepted within 60 s of the crash");
            await Task.Delay(100);
        }
        var newLeader = await Retry.UntilAsync(() => TestCluster.LeaderAsync(writer), l => l is not null && l != leader.Name);
        await Task.Delay(1000);
        stopLoad.Cancel();
        var results = await Task.WhenAll(load);

        output.WriteLine($"{(how == "kill" ? "kill -9" : "SIGSTOP")} of {leader.Name}: first write accepted through {writer.Name} after {accepted.TotalSeconds:0.00} s ({attempt} attempts); new leader {newLeader}");
        foreach (var (name, ok, failed) in results) output.WriteLine($"  traffic through {name}: {ok} ok, {failed} failed");
        output.WriteLine($"  killed at {DateTime.UtcNow - watch.Elapsed:HH:mm:ss.fff}; what the survivors saw:");
        foreach (var line in survivors.SelectMany(n => n.Output.Split('\n').Where(Milestone).Select(l => $"  {n.Name}: {l}")))
            output.WriteLine(line);
        Assert.All(results, r => Assert.Equal(0, r.failed));
        Assert.All(results, r => Assert.True(r.ok > 0));
        var survivorLogs = string.Join('\n', survivors.Select(n => n.Output));
        Assert.Equal(how == "kill", survivorLogs.Contains("crashed (its peer port refuses connections)"));
        if (how == "freeze") leader.Process.Kill();

        // the dead member is purged by the operator
        var purged = await Egctl.ExecAsync(writer.ApiAddress, null, "member", "purge", leader.Name);
        Assert.True(purged.ExitCode == 0, purged.Stderr);
        var members = await Retry.UntilAsync(() => Egctl.ExecAsync(writer.ApiAddress, null, "member", "list"), r => !r.Stdout.Contains($"name: {leader.Name}"));
        Assert.DoesNotContain($"name: {leader.Name}", members.Stdout);

        var objects = await http.GetFromJsonAsync<JsonArray>($"http://{writer.ApiAddress}/apis/v2/objects");
        var names = objects!.Select(o => o!["name"]!.GetValue<string>()).ToHashSet();
        Assert.All(acknowledged, n => Assert.Contains(n, names));
    }

    [Fact]
    public async Task APartitionedMinorityKeepsServingAndRefusesWrites()
    {
        using var cluster = new TestCluster(await postgres.CreateDatabaseAsync(), isolatedUser: Partition.User);
        try { await Partitioned(cluster); }
        catch { output.WriteLine(cluster.Logs()); throw; }
    }

    private async Task Partitioned(TestCluster cluster)
    {
        await cluster.WaitReadyAsync();
        var mirrorPort = FreePorts.Next();
        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", mirrorPort.ToString()]);
        var port = FreePorts.Next();
        Assert.Equal(0, (await Egctl.ExecAsync(cluster.Nodes[0].ApiAddress, Server(port) + "\n---\n" + Pipeline("echo", mirrorPort), "object", "create")).ExitCode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        foreach (var node in cluster.Nodes)
            await Retry.UntilAsync(() => http.GetAsync($"http://{node.TrafficAddress}:{port}/"), r => r.StatusCode == HttpStatusCode.OK);

        var isolated = cluster.Nodes[2];
        var majority = cluster.Nodes[0];
        using (new Partition(isolated.PeerPort, cluster.Nodes.Where(n => n != isolated).Select(n => n.PeerPort)))
        {
            // the majority downs the isolated member, and the isolated member finds itself out of the cluster
            static bool SelfIsOut(JsonObject? view) => view?["members"]?.AsArray().Any(m =>
                m!["name"]!.GetValue<string>() == view["self"]!.GetValue<string>() && m["status"]!.GetValue<string>() != "Up") ?? false;
            var removed = await Retry.UntilAsync(() => http.GetFromJsonAsync<JsonObject>($"http://{isolated.ApiAddress}/apis/v2/cluster"), SelfIsOut, seconds: 60);
            output.WriteLine($"isolated member's view: {removed}");
            Assert.True(SelfIsOut(removed), "the isolated member still counts itself in the cluster");

            var watch = Stopwatch.StartNew();
            using var refused = await http.PostAsync($"http://{isolated.ApiAddress}/apis/v2/objects",
                new StringContent(Pipeline("minority-write", mirrorPort), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            output.WriteLine($"write through the minority refused with 503 after {watch.Elapsed.TotalSeconds:0.00} s");

            // the minority still serves traffic with the configuration it has
            using var served = await http.GetAsync($"http://{isolated.TrafficAddress}:{port}/still-here");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);

            // the majority takes writes
            var accepted = await Retry.UntilAsync(() => http.PostAsync($"http://{majority.ApiAddress}/apis/v2/objects",
                new StringContent(Pipeline("majority-write", mirrorPort), Encoding.UTF8, "application/json")), r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }
        var names = (await http.GetFromJsonAsync<JsonArray>($"http://{majority.ApiAddress}/apis/v2/objects"))!.Select(o => o!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("majority-write", names);
        Assert.DoesNotContain("minority-write", names);
        // dropped packets prove no crash: the split-brain resolver decided, not the crash detector
        Assert.DoesNotContain("crashed (its peer port refuses connections)", cluster.Logs(int.MaxValue));
    }

    private static int CountOf(string text, string part) => text.Split('\n').Count(l => l.Trim() == part.Trim());
}
