using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>GlobalFilter through a real listener: before/after around the matched pipeline, fallthrough, a missing
/// global filter, validation paths and live updates.</summary>
public sealed class GlobalFilterTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    /// <summary>before: tags the request, answers 403 itself on /blocked (result "mocked", which ends it);
    /// after: adds a header to whatever response there is.</summary>
    private static string GlobalFilter(string name, string fallthrough = "{}", string tag = "before") => $$"""
        name: {{name}}
        kind: GlobalFilter
        fallthrough: {{fallthrough}}
        beforePipeline:
          flow:
          - filter: tag
          - filter: block
          filters:
          - name: tag
            kind: RequestAdaptor
            header:
              set: {X-Global: {{tag}}}
          - name: block
            kind: Mock
            rules:
            - match: {pathPrefix: /blocked}
              code: 403
              body: blocked
        afterPipeline:
          filters:
          - name: stamp
            kind: ResponseAdaptor
            header:
              set: {X-After: stamped}
        """;

    private async Task<(int Port, string Server)> ServerWithAsync(string globalFilter)
    {
        var server = traffic.NewName("gf-server");
        var port = await traffic.StartServerAsync(server, $"""
            globalFilter: {globalFilter}
            rules:
            - paths:
              - pathPrefix: /
                backend: {TrafficNode.Pipeline}
              - path: /never
                methods: [POST]
                backend: {TrafficNode.Pipeline}
            """);
        return (port, server);
    }

    private static HttpRequestMessage Get(int port, string path, string? replyStatus = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        if (replyStatus is not null) request.Headers.Add("X-Reply-Status", replyStatus);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private int Received(string path) => traffic.Backend.Received.Count(r => r.Path == path);

    [Fact]
    public async Task Before_and_after_run_around_the_pipeline_and_after_sees_the_proxied_response()
    {
        var name = traffic.NewName("gf");
        await traffic.CreateAsync(GlobalFilter(name));
        var (port, _) = await ServerWithAsync(name);
        using var client = TrafficNode.PlainClient();

        var path = $"/around-{name}";
        var response = await client.SendAsync(Get(port, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backend: ", await response.Content.ReadAsStringAsync());   // the backend's answer, captured
        Assert.Equal("stamped", Header(response, "X-After"));                      // and changed by afterPipeline
        Assert.Equal("backend", Header(response, "X-Backend"));
        Assert.Equal("before", traffic.Backend.Received.Single(r => r.Path == path).Headers["X-Global"]);
    }

    [Fact]
    public async Task A_before_that_ends_skips_the_pipeline_and_after_unless_it_falls_through()
    {
        var ends = traffic.NewName("gf-ends");
        await traffic.CreateAsync(GlobalFilter(ends));
        var (port, _) = await ServerWithAsync(ends);
        using var client = TrafficNode.PlainClient();

        var path = $"/blocked-{ends}";
        var response = await client.SendAsync(Get(port, path));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("blocked", await response.Content.ReadAsStringAsync());
        Assert.Null(Header(response, "X-After"));
        Assert.Equal(0, Received(path));

        var falls = traffic.NewName("gf-falls");
        await traffic.CreateAsync(GlobalFilter(falls, "{beforePipeline: true}"));
        var (fallsPort, _) = await ServerWithAsync(falls);
        var fallsPath = $"/blocked-{falls}";
        response = await client.SendAsync(Get(fallsPort, fallsPath));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // the pipeline's Proxy replaced the 403
        Assert.Equal("stamped", Header(response, "X-After"));
        Assert.Equal(1, Received(fallsPath));
    }

    [Fact]
    public async Task A_pipeline_that_ends_skips_after_unless_it_falls_through()
    {
        var ends = traffic.NewName("gf-pl-ends");
        await traffic.CreateAsync(GlobalFilter(ends));
        var (port, _) = await ServerWithAsync(ends);
        using var client = TrafficNode.PlainClient();

        // the Proxy's failureCode result has no jumpIf: the pipeline ends (#1213)
        var response = await client.SendAsync(Get(port, "/failing", replyStatus: "500"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(Header(response, "X-After"));

        var falls = traffic.NewName("gf-pl-falls");
        await traffic.CreateAsync(GlobalFilter(falls, "{pipeline: true}"));
        var (fallsPort, _) = await ServerWithAsync(falls);
        response = await client.SendAsync(Get(fallsPort, "/failing", replyStatus: "500"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("stamped", Header(response, "X-After"));
        Assert.Equal("backend: ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task It_runs_only_after_a_route_matched()
    {
        var name = traffic.NewName("gf-routes");
        await traffic.CreateAsync(GlobalFilter(name));
        var (port, _) = await ServerWithAsync(name);
        using var client = TrafficNode.PlainClient();

        // /never only takes POST, but the prefix route takes everything: use a server without a catch-all
        var server = traffic.NewName("gf-narrow");
        var narrowPort = await traffic.StartServerAsync(server, $"""
            globalFilter: {name}
            rules:
            - paths:
              - path: /only
                backend: {TrafficNode.Pipeline}
            """);
        var unmatched = await client.SendAsync(Get(narrowPort, "/blocked-elsewhere"));
        Assert.Equal(HttpStatusCode.NotFound, unmatched.StatusCode);   // not the before flow's 403 (#726)
        Assert.Null(Header(unmatched, "X-After"));
        Assert.Equal("stamped", Header(await client.SendAsync(Get(narrowPort, "/only")), "X-After"));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get(port, "/x"))).StatusCode);
    }

    [Fact]
    public async Task A_missing_global_filter_leaves_the_pipeline_alone_until_it_appears()
    {
        var name = traffic.NewName("gf-later");
        var (port, _) = await ServerWithAsync(name);
        using var client = TrafficNode.PlainClient();

        var response = await client.SendAsync(Get(port, "/blocked-early"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "X-After"));

        await traffic.CreateAsync(GlobalFilter(name));
        await Eventually.TrueAsync(async () => (await client.SendAsync(Get(port, "/blocked-late"))).StatusCode == HttpStatusCode.Forbidden,
            "the global filter never took effect");
    }

    [Fact]
    public async Task Errors_name_the_field_inside_the_flow()
    {
        var yaml = $"""
            name: {traffic.NewName("gf-bad")}
            kind: GlobalFilter
            beforePipeline:
              filters:
              - name: x
                kind: NoSuchFilter
            """;
        var response = await traffic.Node.Api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("beforePipeline.filters[0].kind", await response.Content.ReadAsStringAsync());

        yaml = $$"""
            name: {{traffic.NewName("gf-bad")}}
            kind: GlobalFilter
            afterPipeline:
              flow: [{filter: missing}]
              filters: []
            """;
        response = await traffic.Node.Api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("afterPipeline.flow[0].filter", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Updates_apply_at_once_and_drop_no_request()
    {
        var name = traffic.NewName("gf-live");
        await traffic.CreateAsync(GlobalFilter(name, tag: "v0"));
        var (port, _) = await ServerWithAsync(name);
        using var client = TrafficNode.PlainClient();

        using var stop = new CancellationTokenSource();
        var failures = 0;
        var sent = 0;
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await client.SendAsync(Get(port, $"/live-{name}"));
                Interlocked.Increment(ref sent);
                if (response.StatusCode != HttpStatusCode.OK || Header(response, "X-After") != "stamped") Interlocked.Increment(ref failures);
            }
        })).ToArray();

        for (var v = 1; v <= 5; v++)
        {
            await traffic.UpdateAsync(name, GlobalFilter(name, tag: $"v{v}"));
            var tag = $"v{v}";
            await Eventually.TrueAsync(() => Task.FromResult(traffic.Backend.Received.Any(r =>
                r.Path == $"/live-{name}" && r.Headers.GetValueOrDefault("X-Global") == tag)), $"version {tag} never took effect");
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(sent > 0);
        Assert.Equal(0, failures);
    }
}
