using System.Net;
using System.Text;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests;

/// <summary>Easegress's quick start (v1 form), done as a user does it: the real server, the real egctl fed YAML on
/// standard input, the real mirror backend.</summary>
public sealed class QuickStartTests
{
    private static string ServerYaml(int port) => $"""
        kind: HTTPServer
        name: server-demo
        port: {port}
        keepAlive: true
        https: false
        rules:
          - paths:
            - pathPrefix: /pipeline
              backend: pipeline-demo
        """;

    private static string PipelineYaml(IReadOnlyList<int> mirrorPorts) => $"""
        name: pipeline-demo
        kind: HTTPPipeline
        flow:
          - filter: validator
            jumpIf: {"{"} invalid: END {"}"}
          - filter: requestAdaptor
          - filter: proxy
        filters:
          - name: validator
            kind: Validator
            headers:
              Content-Type:
                values:
                - application/json
          - name: requestAdaptor
            kind: RequestAdaptor
            header:
              set:
                X-Adapt-Key: goodplan
          - name: proxy
            kind: Proxy
            mainPool:
              servers:
        {string.Join("\n", mirrorPorts.Select(p => $"      - url: http://127.0.0.1:{p}"))}
              loadBalance:
                policy: roundRobin
        """;

    [Fact]
    public async Task QuickStartServesThroughValidatorAdaptorAndProxy()
    {
        using var node = await ServerNode.StartAsync();
        var trafficPort = FreePorts.Next();
        var mirrorPorts = new[] { FreePorts.Next(), FreePorts.Next(), FreePorts.Next() };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{trafficPort}/pipeline";

        var created = await Egctl.ExecAsync(node.ApiAddress, ServerYaml(trafficPort), "object", "create");
        Assert.True(created.ExitCode == 0, created.Stderr);

        // the pipeline does not exist yet
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostJson(http, url)).StatusCode);

        created = await Egctl.ExecAsync(node.ApiAddress, PipelineYaml(mirrorPorts), "object", "create");
        Assert.True(created.ExitCode == 0, created.Stderr);

        // no backend listens yet
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostJson(http, url)).StatusCode);

        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", string.Join(',', mirrorPorts)]);
        var reply = await RetryUntil(() => PostJson(http, url), r => r.StatusCode == HttpStatusCode.OK);
        var body = await reply.Content.ReadAsStringAsync();
        Assert.Contains("Your Request", body);
        Assert.Contains("Method: POST", body);
        Assert.Contains("URL   : /pipeline", body);
        Assert.Contains("X-Adapt-Key:[goodplan]", body);
        Assert.Contains("""{"hello":"world"}""", body);

        // the validator turns away a request without the JSON content type
        var plain = await http.PostAsync(url, new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);

        // paths no rule matches
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{trafficPort}/nothing")).StatusCode);

        var list = await Egctl.ExecAsync(node.ApiAddress, null, "object", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("name: server-demo", list.Stdout);
        Assert.Contains("name: pipeline-demo", list.Stdout);

        var members = await Egctl.ExecAsync(node.ApiAddress, null, "member", "list");
        Assert.Equal(0, members.ExitCode);
        foreach (var key in new[] { "name: eg-e2e", "cluster-name: eg-cluster-default-name", "cluster-role: primary", $"api-addr: {node.ApiAddress}", "id: ", "state: Leader", "lastHeartbeatTime: " })
            Assert.Contains(key, members.Stdout);

        var status = await Egctl.ExecAsync(node.ApiAddress, null, "object", "status", "get", "server-demo");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("default/server-demo/eg-e2e", status.Stdout);

        var duplicate = await Egctl.ExecAsync(node.ApiAddress, ServerYaml(trafficPort), "object", "create");
        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Contains("409", duplicate.Stderr);

        var deleted = await Egctl.ExecAsync(node.ApiAddress, null, "object", "delete", "server-demo");
        Assert.Equal(0, deleted.ExitCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
    }

    [Fact]
    public async Task ObjectsSurviveKillNine()
    {
        using var node = await ServerNode.StartAsync(name: "eg-crash");
        var trafficPort = FreePorts.Next();
        var mirrorPort = FreePorts.Next();
        using var mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", mirrorPort.ToString()]);
        Assert.Equal(0, (await Egctl.ExecAsync(node.ApiAddress, ServerYaml(trafficPort) + "\n---\n" + PipelineYaml([mirrorPort]), "object", "create")).ExitCode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{trafficPort}/pipeline";
        Assert.Equal(HttpStatusCode.OK, (await RetryUntil(() => PostJson(http, url), r => r.StatusCode == HttpStatusCode.OK)).StatusCode);

        node.Process.Kill();
        await node.RestartAsync();

        var list = await RetryUntil(() => Egctl.ExecAsync(node.ApiAddress, null, "object", "list"),
            r => r.Stdout.Contains("name: pipeline-demo") && r.Stdout.Contains("name: server-demo"));
        Assert.Equal(0, list.ExitCode);
        var reply = await RetryUntil(() => PostJson(http, url), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Contains("X-Adapt-Key:[goodplan]", await reply.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PostJson(HttpClient http, string url)
    {
        var content = new StringContent("""{"hello":"world"}""");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");   // exactly, as curl -H sends it
        return http.PostAsync(url, content);
    }

    private static Task<T> RetryUntil<T>(Func<Task<T>> attempt, Func<T, bool> done, int seconds = 20) => Retry.UntilAsync(attempt, done, seconds);
}
