using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests;

/// <summary>
/// Easegress's cookbook cases — load balancing, canary release by header, a mirror pool, and pipeline orchestration
/// with jumps to Mock and Fallback — as a user sets them up: the real server, specs applied with the real egctl, and
/// the real mirror backend on several ports (its log line per request names the port that served it).
/// </summary>
public sealed class CookbookTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("eg-e2e-cookbook-").FullName;
    private readonly int[] _ports = [FreePorts.Next(), FreePorts.Next(), FreePorts.Next()];
    private readonly int _trafficPort = FreePorts.Next();
    private readonly ChildProcess _mirror;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public CookbookTests() =>
        _mirror = new ChildProcess(Repository.Mirror, ["--host", "127.0.0.1", "--ports", string.Join(',', _ports)]);

    private string Url(string path) => $"http://127.0.0.1:{_trafficPort}{path}";

    /// <summary>How many requests the mirror served on <paramref name="port"/> for paths starting with <paramref name="prefix"/>.</summary>
    private int Served(int port, string prefix) =>
        Regex.Matches(_mirror.Output, $@" :{port} [A-Z]+ {Regex.Escape(prefix)}").Count;

    private async Task ApplyAsync(ServerNode node, string yaml)
    {
        var file = Path.Combine(_home, $"spec-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var applied = await Egctl.ExecAsync(node.ApiAddress, null, "apply", "-f", file);
        Assert.True(applied.ExitCode == 0, applied.Stderr);
    }

    private string Server() => $"""
        name: cookbook
        kind: HTTPServer
        port: {_trafficPort}
        rules:
        - paths:
          - pathPrefix: /lb
            backend: load-balanced
          - pathPrefix: /canary
            backend: canary
          - pathPrefix: /mirrored
            backend: mirrored
          - pathPrefix: /orchestrated
            backend: orchestrated
        """;

    private string Servers(params int[] ports) => string.Join("\n", ports.Select(p => $"      - url: http://127.0.0.1:{p}"));

    [Fact]
    public async Task LoadBalanceCanaryMirrorAndOrchestration()
    {
        using var node = await ServerNode.StartAsync(name: "eg-cookbook");
        var (a, b, c) = (_ports[0], _ports[1], _ports[2]);
        await ApplyAsync(node, Server() + $"""

            ---
            name: load-balanced
            kind: Pipeline
            filters:
            - name: proxy
              kind: Proxy
              pools:
              - servers:
            {Servers(a, b, c)}
                loadBalance:
                  policy: roundRobin
            ---
            name: canary
            kind: Pipeline
            filters:
            - name: proxy
              kind: Proxy
              pools:
              - filter:
                  headers:
                    X-Canary:
                      exact: "yes"
                servers:
            {Servers(b)}
              - servers:
            {Servers(a)}
            ---
            name: mirrored
            kind: Pipeline
            filters:
            - name: proxy
              kind: Proxy
              pools:
              - servers:
            {Servers(a)}
              mirrorPool:
                servers:
            {Servers(c)}
            ---
            name: orchestrated
            kind: Pipeline
            flow:
            - filter: validator
              jumpIf: {"{"}invalid: refuse{"}"}
            - filter: adaptor
            - filter: proxy
              jumpIf: {"{"}serverError: resting, failureCode: resting{"}"}
            - filter: END
            - filter: refuse
            - filter: resting
            filters:
            - name: validator
              kind: Validator
              headers:
                X-Plan:
                  values: [gold]
            - name: adaptor
              kind: RequestAdaptor
              header:
                set:
                  X-Adapt-Key: goodplan
            - name: proxy
              kind: Proxy
              pools:
              - servers:
            {Servers(a)}
            - name: refuse
              kind: Mock
              rules:
              - match: {"{"}{"}"}
                code: 403
                body: members only
            - name: resting
              kind: Fallback
              mockCode: 200
              mockBody: the service is resting
            """);
        await Retry.UntilAsync(() => _http.GetAsync(Url("/lb/warm")), r => r.StatusCode == HttpStatusCode.OK);

        // round robin: one client sending in sequence meets every server in turn
        var before = _ports.Select(p => Served(p, "/lb/")).ToArray();
        for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Url($"/lb/{i}"))).StatusCode);
        Assert.Equal([10, 10, 10], _ports.Select((p, i) => Served(p, "/lb/") - before[i]).ToArray());

        // canary by header: the header's requests go to the canary pool, the rest to the main pool
        for (var i = 0; i < 5; i++)
        {
            using var canary = new HttpRequestMessage(HttpMethod.Get, Url($"/canary/{i}"));
            canary.Headers.Add("X-Canary", "yes");
            Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(canary)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Url($"/canary/plain-{i}"))).StatusCode);
        }
        Assert.Equal(5, Served(b, "/canary/"));
        Assert.Equal(0, Served(a, "/canary/") - Served(a, "/canary/plain-"));
        Assert.Equal(5, Served(a, "/canary/plain-"));

        // a mirror pool gets a copy of every request; the client's answer is the main pool's
        for (var i = 0; i < 6; i++)
        {
            var reply = await _http.PostAsync(Url($"/mirrored/{i}"), new StringContent("copy me", Encoding.UTF8, "text/plain"));
            Assert.Contains("Body  : copy me", await reply.Content.ReadAsStringAsync());
        }
        Assert.Equal(6, Served(a, "/mirrored/"));
        Assert.Equal(6, await Retry.UntilAsync(() => Task.FromResult(Served(c, "/mirrored/")), n => n == 6, seconds: 10));

        // orchestration: refused by the validator -> Mock; valid -> adapted and proxied; backend down -> Fallback
        var refused = await _http.GetAsync(Url("/orchestrated/x"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("members only", await refused.Content.ReadAsStringAsync());
        using (var gold = new HttpRequestMessage(HttpMethod.Get, Url("/orchestrated/x")))
        {
            gold.Headers.Add("X-Plan", "gold");
            var served = await _http.SendAsync(gold);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Contains("X-Adapt-Key:[goodplan]", await served.Content.ReadAsStringAsync());
        }
        _mirror.Kill();
        using (var gold = new HttpRequestMessage(HttpMethod.Get, Url("/orchestrated/x")))
        {
            gold.Headers.Add("X-Plan", "gold");
            var resting = await _http.SendAsync(gold);
            Assert.Equal(HttpStatusCode.OK, resting.StatusCode);
            Assert.Equal("the service is resting", await resting.Content.ReadAsStringAsync());
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _mirror.Dispose();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
