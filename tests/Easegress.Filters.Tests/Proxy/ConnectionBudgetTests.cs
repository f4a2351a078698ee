using System.Diagnostics;
using System.Net;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>The node's budget of backend connections, through a real front, the Proxy and a real backend that holds
/// its requests.</summary>
public sealed class ConnectionBudgetTests
{
    [Fact]
    public async Task A_request_beyond_the_backend_budget_gets_503_at_once_and_the_budget_comes_back()
    {
        var release = new TaskCompletionSource();
        var held = 0;
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            if (http.Request.Path == "/hold")
            {
                Interlocked.Increment(ref held);
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            await http.Response.WriteAsync("done");
        });
        var budget = new ConnectionBudget(clients: int.MaxValue, backends: 2);
        var proxy = TestSpecs.Create(TestSpecs.Filter<ProxySpec>($$"""
            name: proxy
            kind: Proxy
            pools: [{servers: [{url: "{{backend.Url}}"}]}]
            """), new FilterEnvironment { Forwarder = FilterEnvironment.Create().Forwarder, Connections = budget });
        await using (var front = await FilterFront.StartAsync(proxy))
        {
            var first = front.Client.GetAsync("/hold");
            var second = front.Client.GetAsync("/hold");
            while (Volatile.Read(ref held) < 2) await Task.Delay(10);
            Assert.Equal(2, budget.OpenBackends);

            var watch = Stopwatch.StartNew();
            using (var refused = await front.Client.GetAsync("/other"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the refusal took {watch.Elapsed}");
            }

            release.SetResult();
            Assert.Equal("done", await (await first).Content.ReadAsStringAsync());
            Assert.Equal("done", await (await second).Content.ReadAsStringAsync());
            // the two connections are idle in the pool now: they are reused, not opened beyond the budget
            using var again = await front.Client.GetAsync("/other");
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.InRange(budget.OpenBackends, 1, 2);
        }
        proxy.Dispose();
        Assert.Equal(0, budget.OpenBackends);   // the pool closed its connections and gave them back
    }

    [Fact]
    public async Task Health_checks_reach_the_backend_when_the_budget_is_full_so_servers_are_not_marked_down()
    {
        var checks = 0;
        await using var backend = await LoopbackServer.StartAsync(http =>
        {
            if (http.Request.Path == "/health") Interlocked.Increment(ref checks);
            return http.Response.WriteAsync("ok");
        });
        var proxy = TestSpecs.Create(TestSpecs.Filter<ProxySpec>($$"""
            name: proxy
            kind: Proxy
            pools:
            - servers: [{url: "{{backend.Url}}"}]
              healthCheck: {interval: 100ms, timeout: 1s, uri: /health}
            """), new FilterEnvironment { Forwarder = FilterEnvironment.Create().Forwarder, Connections = new ConnectionBudget(int.MaxValue, 0) });
        await using var front = await FilterFront.StartAsync(proxy);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Volatile.Read(ref checks) < 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(Volatile.Read(ref checks) >= 3, "the health checks never reached the backend");
        using var refused = await front.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        // refused for the budget (a backend error), not for want of a healthy server (internalError)
        Assert.Equal(ProxyKind.ServerError, front.NextResult());
        proxy.Dispose();
    }

    [Fact]
    public void The_budget_keeps_a_reserve_and_shares_the_rest_between_clients_and_backends()
    {
        var small = ConnectionBudget.ForFileLimit(1024);
        Assert.Equal((256, 256), (small.Clients, small.Backends));
        var large = ConnectionBudget.ForFileLimit(65536);
        Assert.Equal((28672, 28672), (large.Clients, large.Backends));
        var tiny = ConnectionBudget.ForFileLimit(256);
        Assert.Equal((ConnectionBudget.MinimumShare, ConnectionBudget.MinimumShare), (tiny.Clients, tiny.Backends));
    }
}
