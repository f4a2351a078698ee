using Easegress.Filters.Proxy;
using Easegress.Statistics;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Statistics;

/// <summary>Each Proxy pool counts its own forwards, in the status and in Prometheus.</summary>
public sealed class ProxyPoolStatTests
{
    [Fact]
    public async Task Main_and_candidate_pools_count_their_own_requests()
    {
        await using var stable = await RecordingBackend.StartAsync("stable");
        await using var canary = await RecordingBackend.StartAsync("canary");
        using var proxy = (ProxyFilter)TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
            name: proxy
            kind: Proxy
            pools:
            - servers:
              - url: {canary.Url}
              filter:
                headers:
                  X-Canary:
                    exact: "yes"
            - servers:
              - url: {stable.Url}
              loadBalance: {"{policy: random}"}
            """));
        await using var front = await FilterFront.StartAsync(proxy);

        for (var i = 0; i < 2; i++)
        {
            using var toCanary = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(new byte[10]) };
            toCanary.Headers.Add("X-Canary", "yes");
            toCanary.Headers.Add("X-Reply-Status", "503");
            (await front.Client.SendAsync(toCanary)).Dispose();
        }
        for (var i = 0; i < 3; i++) (await front.Client.GetAsync("/")).Dispose();

        var status = (Dictionary<string, object?>)proxy.Status()!;
        var main = (Dictionary<string, object?>)((Dictionary<string, object?>)status["mainPool"]!)["stat"]!;
        var candidate = (Dictionary<string, object?>)((Dictionary<string, object?>)((List<Dictionary<string, object?>>)status["candidatePools"]!)[0])["stat"]!;
        Assert.Equal(3L, main["count"]);
        Assert.Equal(0L, main["errCount"]);
        Assert.Equal(2L, candidate["count"]);
        Assert.Equal(2L, candidate["errCount"]);
        Assert.Equal(20L, candidate["reqSize"]);
        Assert.Equal(new Dictionary<string, long> { ["503"] = 2 }, candidate["codes"]);

        var metrics = new MetricFamilies();
        proxy.CollectMetrics(metrics, new Labels(("pipeline", "p")));
        var text = metrics.ToString();
        Assert.Contains("proxy_total_connections{pipeline=\"p\",name=\"proxy\",kind=\"Proxy\",loadBalancePolicy=\"random\",filterPolicy=\"\",pool=\"main\"} 3\n", text);
        Assert.Contains("proxy_total_error_connections{pipeline=\"p\",name=\"proxy\",kind=\"Proxy\",loadBalancePolicy=\"roundRobin\",filterPolicy=\"filter\",pool=\"candidate-0\"} 2\n", text);
        Assert.Single(text.Split('\n'), l => l == "# TYPE proxy_total_connections counter");
    }
}
