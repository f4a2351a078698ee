using System.Net;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>A pool's <c>healthCheck</c>: real backends stopped and started again, and the match rules.</summary>
public sealed class HealthCheckTests
{
    private static ProxyFilter Proxy(string poolYaml) => (ProxyFilter)TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
        name: proxy
        kind: Proxy
        pools:
        - {poolYaml.TrimStart()}
        """));

    private static Task<LoopbackServer> Named(string name, int port = 0) =>
        LoopbackServer.StartAsync(http => http.Response.WriteAsync(name), port);

    private static async Task<string> BodyAsync(FilterFront front)
    {
        using var response = await front.Client.SendAsync(Requests.Message("GET", "/"));
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_stopped_server_is_skipped_until_it_answers_again()
    {
        var a = await Named("a");
        var port = a.Port;
        await using var b = await Named("b");
        using var proxy = Proxy($$"""
              servers: [{url: "{{a.Url}}"}, {url: "{{b.Url}}"}]
              healthCheck: {interval: 100ms, timeout: 1s, uri: /health}
            """);
        await using var front = await FilterFront.StartAsync(proxy);
        Assert.Equal(["a", "b"], new[] { await BodyAsync(front), await BodyAsync(front) }.Order());

        await a.DisposeAsync();
        // once the check has seen a down, every request goes to b (round robin over the healthy servers)
        await EventuallyAsync(async () =>
        {
            for (var i = 0; i < 6; i++)
                if (await BodyAsync(front) != "b") return false;
            return true;
        }, "the stopped server kept getting requests");

        await using var again = await Named("a", port);
        await EventuallyAsync(async () => await BodyAsync(front) == "a" || await BodyAsync(front) == "a",
            "the server never came back");
    }

    [Fact]
    public async Task With_every_server_unhealthy_the_answer_is_503_internalError()
    {
        var a = await Named("a");
        using var proxy = Proxy($$"""
              servers: [{url: "{{a.Url}}"}]
              healthCheck: {interval: 100ms, timeout: 1s}
            """);
        await using var front = await FilterFront.StartAsync(proxy);
        Assert.Equal("a", await BodyAsync(front));
        Assert.Equal("", front.NextResult());

        await a.DisposeAsync();
        await EventuallyAsync(async () =>
        {
            using var response = await front.Client.SendAsync(Requests.Message("GET", "/"));
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && front.NextResult() == ProxyKind.InternalError;
        }, "no 503 internalError with every server down");
    }

    [Fact]
    public async Task Fails_and_pass_count_consecutive_checks_and_the_match_rules_apply()
    {
        var answer = "status: ok";
        var code = 200;
        string? path = null;
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            path = http.Request.Path + http.Request.QueryString;
            http.Response.StatusCode = code;
            http.Response.Headers["X-Ready"] = "yes-1";
            await http.Response.WriteAsync(answer);
        });
        // a long interval: the first round runs at once, the test drives the others
        using var proxy = Proxy($$"""
              servers: [{url: "{{backend.Url}}/base"}]
              healthCheck:
                interval: 1h
                fails: 2
                pass: 2
                uri: /healthz?deep=1
                match:
                  statusCodes: [[200, 204]]
                  headers: [{name: X-Ready, value: "yes-[0-9]", type: regexp}]
                  body: {value: ok, type: contains}
            """);
        var check = proxy.HealthChecks.Single();
        await using var front = await FilterFront.StartAsync(proxy);
        await EventuallyAsync(() => Task.FromResult(path is not null), "no health check was sent");
        Assert.Equal("/healthz?deep=1", path);

        async Task<HttpStatusCode> Status()
        {
            using var response = await front.Client.SendAsync(Requests.Message("GET", "/"));
            return response.StatusCode;
        }

        answer = "status: down";                // the body rule fails
        await check.CheckAllAsync();
        Assert.Equal(HttpStatusCode.OK, await Status());   // one failure of the two needed
        await check.CheckAllAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Status());

        answer = "status: ok";
        code = 302;                             // outside [200, 204]
        await check.CheckAllAsync();
        await check.CheckAllAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Status());

        code = 201;
        await check.CheckAllAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await Status());   // one pass of the two needed
        await check.CheckAllAsync();
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, await Status());
    }

    [Fact]
    public async Task Disposing_the_proxy_stops_its_health_check()
    {
        var checks = 0;
        await using var backend = await LoopbackServer.StartAsync(http => { Interlocked.Increment(ref checks); return Task.CompletedTask; });
        var proxy = Proxy($$"""
              servers: [{url: "{{backend.Url}}"}]
              healthCheck: {interval: 50ms}
            """);
        var check = proxy.HealthChecks.Single();
        await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref checks) >= 2), "the health check did not run");
        proxy.Dispose();
        await check.Stopped.WaitAsync(TimeSpan.FromSeconds(5));
        var after = Volatile.Read(ref checks);
        await Task.Delay(300);
        Assert.InRange(Volatile.Read(ref checks), after, after + 1);
    }
}
