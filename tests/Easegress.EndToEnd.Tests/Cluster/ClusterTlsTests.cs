using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Easegress.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Easegress.EndToEnd.Tests.Cluster;

/// <summary>The cluster transport over mutual TLS: members with certificates of the cluster's CA form a cluster and
/// replicate writes; a member whose certificate another CA issued is refused.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTlsTests(Postgres postgres, ITestOutputHelper output) : IDisposable
{
    private readonly TestAuthority _authority = new("eg-cluster-ca");
    private readonly TestAuthority _rogue = new("eg-rogue-ca");

    [Fact]
    public async Task MembersWithTheClustersCertificatesFormAClusterAndOthersAreRefused()
    {
        var (cert, key) = _authority.IssueFiles("peer", "CN=eg-peer", server: true, client: true);
        using var cluster = new TestCluster(await postgres.CreateDatabaseAsync(),
            extraArgs: ["--peer-cert-file", cert, "--peer-key-file", key, "--peer-trusted-ca-file", _authority.CaFile]);
        await cluster.WaitReadyAsync();

        var show = await Egctl.ExecAsync(cluster.Nodes[0].ApiAddress, null, "cluster", "show");
        Assert.Contains("akka.ssl.tcp://", show.Stdout);
        var created = await Egctl.ExecAsync(cluster.Nodes[0].ApiAddress, """
            {"name": "over-tls", "kind": "Pipeline", "filters": [{"name": "proxy", "kind": "Proxy", "pools": [{"servers": [{"url": "http://127.0.0.1:9"}]}]}]}
            """, "object", "create");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var seen = await Retry.UntilAsync(() => Egctl.ExecAsync(cluster.Nodes[2].ApiAddress, null, "object", "get", "over-tls"), r => r.ExitCode == 0);
        Assert.Contains("over-tls", seen.Stdout);

        // a secondary that trusts the cluster's CA, but whose own certificate the rogue CA issued
        var (rogueCert, rogueKey) = _rogue.IssueFiles("intruder", "CN=eg-peer", server: true, client: true);
        var intruder = cluster.StartSecondary(["--peer-cert-file", rogueCert, "--peer-key-file", rogueKey, "--peer-trusted-ca-file", _authority.CaFile]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var refused = await Retry.UntilAsync(() => Task.FromResult(cluster.Nodes.Take(3).Any(n => n.Output.Contains("refused cluster peer"))), r => r, seconds: 30);
        output.WriteLine(cluster.Logs(5));
        Assert.True(refused, "no primary logged the refusal");
        var members = await http.GetFromJsonAsync<JsonArray>($"http://{cluster.Nodes[0].ApiAddress}/apis/v2/members");
        Assert.DoesNotContain(members!, m => m?["options"]?["name"]?.GetValue<string>() == intruder.Name);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _rogue.Dispose();
    }
}
