using System.Net;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests;

/// <summary>The kubectl-style egctl (Easegress v2.5+) against a real server and the real mirror backend.</summary>
public sealed class KubectlStyleTests
{
    private static string ServerAndPipeline(int port, int mirrorPort) => $"""
        name: server-v2
        kind: HTTPServer
        port: {port}
        rules:
          - paths:
              - pathPrefix: /v2
                backend: pipeline-v2
        ---
        name: pipeline-v2
        kind: Pipeline
        flow:
          - filter: proxy
        filters:
          - name: proxy
            kind: Proxy
            pools:
              - servers:
                  - url: http://127.0.0.1:{mirrorPort}
                loadBalance:
                  policy: roundRobin
        """;

    private static string AdaptedPipeline(int mirrorPort) => $"""
        name: pipeline-v2
        kind: Pipeline
        flow:
          - filter: adaptor
          - filter: proxy
        filters:
          - name: adaptor
            kind: RequestAdaptor
            header:
              set:
                X-Applied: "yes"
          - name: proxy
            kind: Proxy
            pools:
              - servers:
                  - url: http://127.0.0.1:{mirrorPort}
        """;

    [Fact]
    public async Task CreateApplyGetDescribeDeleteAndHttpProxy()
    {
        using var node = await ServerNode.StartAsync(name: "eg-v2");
        var trafficPort = FreePorts.Next();
        var proxyPort = FreePorts.Next();
        var mirrorPort = FreePorts.Next();
        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", mirrorPort.ToString()]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var home = Directory.CreateTempSubdirectory("eg-e2e-specs-").FullName;
        Task<Egctl.Run> Egctl(params string[] args) => Infrastructure.Egctl.ExecAsync(node.ApiAddress, null, args);

        try
        {
            var specs = Path.Combine(home, "server-and-pipeline.yaml");
            await File.WriteAllTextAsync(specs, ServerAndPipeline(trafficPort, mirrorPort));
            var created = await Egctl("create", "-f", specs);
            Assert.True(created.ExitCode == 0, created.Stderr);
            Assert.Equal("create HTTPServer server-v2 successfully\ncreate Pipeline pipeline-v2 successfully\n", created.Stdout);
            var reply = await Retry.UntilAsync(() => http.GetAsync($"http://127.0.0.1:{trafficPort}/v2/hello"), r => r.StatusCode == HttpStatusCode.OK);
            Assert.Contains("URL   : /v2/hello", await reply.Content.ReadAsStringAsync());

            // apply: the server exists (update), then a changed pipeline (update again) and a new one (create)
            var applied = await Egctl("apply", "-f", specs);
            Assert.Equal("update HTTPServer server-v2 successfully\nupdate Pipeline pipeline-v2 successfully\n", applied.Stdout);
            var adapted = Path.Combine(home, "adapted.yaml");
            await File.WriteAllTextAsync(adapted, AdaptedPipeline(mirrorPort) + "\n---\n" + AdaptedPipeline(mirrorPort).Replace("name: pipeline-v2", "name: pipeline-extra"));
            applied = await Egctl("apply", "-f", adapted);
            Assert.True(applied.ExitCode == 0, applied.Stderr);
            Assert.Equal("update Pipeline pipeline-v2 successfully\ncreate Pipeline pipeline-extra successfully\n", applied.Stdout);
            var body = await Retry.UntilAsync(async () => await http.GetStringAsync($"http://127.0.0.1:{trafficPort}/v2/hello"),
                text => text.Contains("X-Applied:[yes]"));
            Assert.Contains("X-Applied:[yes]", body);

            var pipelines = await Egctl("get", "pipelines");
            Assert.Equal(0, pipelines.ExitCode);
            var lines = pipelines.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^NAME\s+KIND\s+AGE$", lines[0]);
            Assert.Matches(@"^pipeline-extra\s+Pipeline\s+\d+s$", lines[1]);
            Assert.Matches(@"^pipeline-v2\s+Pipeline\s+\d+[sm]$", lines[2]);
            var members = await Egctl("get", "member");
            Assert.Matches(@"eg-v2\s+primary\s+\d+[sm]\s+Leader\s+" + node.ApiAddress.Replace(".", "\\.") + @"\s+\d+s ago", members.Stdout);

            var described = await Egctl("describe", "pl", "pipeline-v2");
            Assert.Equal(0, described.ExitCode);
            Assert.StartsWith("Name: pipeline-v2\nKind: Pipeline\n\nFlow:\n=====\n  - filter: adaptor\n", described.Stdout);
            Assert.Contains("AllStatus:\n==========\n  - node: eg-v2\n", described.Stdout);
            var describedMember = await Egctl("describe", "member");
            Assert.Contains("Name: eg-v2\n", describedMember.Stdout);
            Assert.Contains("ClusterRole: primary\n", describedMember.Stdout);

            // create httpproxy: a server and a pipeline from flags, serving at once
            var proxy = await Egctl("create", "httpproxy", "demo", "--port", proxyPort.ToString(), "--rule", $"/mirror*=http://127.0.0.1:{mirrorPort}");
            Assert.True(proxy.ExitCode == 0, proxy.Stderr);
            Assert.Equal("create HTTPServer demo successfully\ncreate Pipeline demo-0 successfully\n", proxy.Stdout);
            reply = await Retry.UntilAsync(() => http.GetAsync($"http://127.0.0.1:{proxyPort}/mirror/x"), r => r.StatusCode == HttpStatusCode.OK);
            Assert.Contains("URL   : /mirror/x", await reply.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{proxyPort}/other")).StatusCode);

            var deleted = await Egctl("delete", "httpserver", "demo", "server-v2");
            Assert.Equal("delete HTTPServer demo successfully\ndelete HTTPServer server-v2 successfully\n", deleted.Stdout);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{proxyPort}/mirror/x"));
            deleted = await Egctl("delete", "pl", "--all");
            Assert.Equal("delete Pipeline demo-0 successfully\ndelete Pipeline pipeline-extra successfully\ndelete Pipeline pipeline-v2 successfully\n", deleted.Stdout);
            var missing = await Egctl("get", "pl", "pipeline-v2");
            Assert.Equal(1, missing.ExitCode);
            Assert.Equal("get Pipeline pipeline-v2 failed, 404: pipeline-v2 not found\n", missing.Stderr);
            Assert.Equal("NAME   KIND   AGE\n", (await Egctl("get", "pl")).Stdout);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>A file of many objects with a few bad ones: the good ones land, each bad one is reported with the field
    /// the server names, and the exit code says some failed.</summary>
    [Fact]
    public async Task ApplyOfAFileWithSomeBadDocumentsWritesTheRestAndNamesEachBadField()
    {
        using var node = await ServerNode.StartAsync(name: "eg-batch");
        const int count = 40;
        int[] bad = [7, 20, 39];
        string Document(int i) => bad.Contains(i)
            ? $"name: batch-{i:000}\nkind: Pipeline\nfilters:\n  - name: proxy\n    kind: Proxy\n    pools: []\n"
            : $"name: batch-{i:000}\nkind: Pipeline\nfilters:\n  - name: proxy\n    kind: Proxy\n    pools:\n      - servers:\n          - url: http://127.0.0.1:9\n";
        var file = string.Join("---\n", Enumerable.Range(0, count).Select(Document));
        // the leader takes writes (its recovery can take seconds on a busy machine)
        var first = await Retry.UntilAsync(() => Egctl.ExecAsync(node.ApiAddress, Document(0), "apply", "-f", "-"), r => r.ExitCode == 0);
        Assert.True(first.ExitCode == 0, first.Stderr);

        var run = await Egctl.ExecAsync(node.ApiAddress, file, "apply", "-f", "-");

        Assert.Equal(1, run.ExitCode);
        var failures = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(bad.Length + 1 == failures.Length, run.Stderr);
        foreach (var (i, line) in bad.Zip(failures))
        {
            Assert.StartsWith($"create Pipeline batch-{i:000} failed, 400: ", line);
            Assert.Contains("pools", line);
        }
        Assert.Equal($"{bad.Length} of {count} documents failed", failures[^1]);
        var written = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count - bad.Length, written.Length);
        Assert.Equal("update Pipeline batch-000 successfully", written[0]);

        using var http = new HttpClient();
        var listed = await http.GetStringAsync($"http://{node.ApiAddress}/apis/v2/objects");
        foreach (var i in Enumerable.Range(0, count))
        {
            if (bad.Contains(i)) Assert.DoesNotContain($"\"batch-{i:000}\"", listed);
            else Assert.Contains($"\"batch-{i:000}\"", listed);
        }
    }
}
