using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Easegress.EndToEnd.Tests.Infrastructure;

namespace Easegress.EndToEnd.Tests;

/// <summary>
/// Right after a restart the catalog is rebuilt from the journal: until the member has it whole, reads answer 503 with
/// Retry-After, never an incomplete list (it used to answer [] for about a second); /healthz answers throughout and
/// /readyz says when reads are answered; egctl waits for it.
/// </summary>
public sealed class RestartWindowTests
{
    private const int Objects = 30;

    [Fact]
    public async Task AfterARestartReadsAreRefusedUntilTheCatalogIsWholeAndNeverAnsweredIncomplete()
    {
        using var node = await ServerNode.StartAsync(name: "eg-restart");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var objects = $"http://{node.ApiAddress}/apis/v2/objects";
        var names = Enumerable.Range(0, Objects).Select(i => $"kept-{i:00}").ToList();
        foreach (var name in names)
        {
            var json = $$"""{"name": "{{name}}", "kind": "Pipeline", "filters": [{"name": "proxy", "kind": "Proxy", "pools": [{"servers": [{"url": "http://127.0.0.1:9"}]}]}]}""";
            var created = await Retry.UntilAsync(
                () => http.PostAsync(objects, new StringContent(json, Encoding.UTF8, "application/json")),
                r => r.StatusCode != HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        Assert.Equal("ready\n", await http.GetStringAsync($"http://{node.ApiAddress}/apis/v2/readyz"));

        Assert.True(node.Process.Terminate(TimeSpan.FromSeconds(30)), "the member did not stop on SIGTERM");
        node.Restart();

        // from the first answer on: 503 with Retry-After and a reason, or everything
        var refused = 0;
        var watch = Stopwatch.StartNew();
        var healthy = false;
        while (true)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"no complete answer within 90 s:\n{node.Output}");
            HttpResponseMessage list, members, ready;
            try
            {
                list = await http.GetAsync(objects);
                members = await http.GetAsync($"http://{node.ApiAddress}/apis/v2/members");
                ready = await http.GetAsync($"http://{node.ApiAddress}/apis/v2/readyz");
                healthy |= (await http.GetAsync($"http://{node.ApiAddress}/apis/v2/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20);   // not listening yet
                continue;
            }
            foreach (var answer in new[] { list, members })
            {
                if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.Equal(TimeSpan.FromSeconds(1), answer.Headers.RetryAfter?.Delta);
                    Assert.Contains("does not have the cluster state yet", await answer.Content.ReadAsStringAsync());
                    refused++;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                }
            }
            if (list.StatusCode == HttpStatusCode.OK)
            {
                var listed = (await list.Content.ReadFromJsonAsync<JsonArray>())!.Select(o => o!["name"]!.GetValue<string>()).ToList();
                Assert.Equal(names, listed);
            }
            if (members.StatusCode == HttpStatusCode.OK)
            {
                var listed = (await members.Content.ReadFromJsonAsync<JsonArray>())!;
                Assert.Contains(listed, m => m?["options"]?["name"]?.GetValue<string>() == "eg-restart");
            }
            if (list.StatusCode == HttpStatusCode.OK && members.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                break;
            }
            await Task.Delay(20);
        }
        Assert.True(healthy, "/healthz never answered while the member recovered");
        Assert.True(refused > 0, "no read was ever refused: the restart window was not observed");
    }

    [Fact]
    public async Task EgctlWaitsForAMemberThatIsStillGettingTheClusterState()
    {
        using var node = await ServerNode.StartAsync(name: "eg-egctl-wait");
        var created = await Retry.UntilAsync(
            () => Egctl.ExecAsync(node.ApiAddress, "name: waited\nkind: Pipeline\nfilters:\n  - name: proxy\n    kind: Proxy\n    pools:\n      - servers:\n          - url: http://127.0.0.1:9\n", "create", "-f", "-"),
            r => r.ExitCode == 0);
        Assert.True(created.ExitCode == 0, created.Stderr);

        Assert.True(node.Process.Terminate(TimeSpan.FromSeconds(30)), "the member did not stop on SIGTERM");
        node.Restart();
        using var http = new HttpClient();
        await Retry.UntilAsync(async () =>
        {
            try { return (await http.GetAsync($"http://{node.ApiAddress}/apis/v2/healthz")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, up => up);

        // the first read right after the API listens: egctl waits for the member instead of printing an empty list
        var listed = await Egctl.ExecAsync(node.ApiAddress, null, "get", "pipeline");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains("waited", listed.Stdout);
    }
}
