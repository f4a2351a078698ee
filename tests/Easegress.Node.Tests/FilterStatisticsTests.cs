using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>Every filter's runs counted, read back from <c>/status/objects</c> and <c>/metrics</c> after known traffic.</summary>
public sealed class FilterStatisticsTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    [Fact]
    public async Task Each_filter_counts_its_runs_and_its_non_empty_results_as_errors()
    {
        var pipeline = traffic.NewName("fstat-pipeline");
        await traffic.CreateAsync($"""
            name: {pipeline}
            kind: Pipeline
            filters:
            - name: mock
              kind: Mock
              rules:
              - match:
                  path: /fs/mocked
                code: 202
                body: mocked
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {traffic.Backend.Url}
            """);
        var server = traffic.NewName("fstat-server");
        var port = await traffic.StartServerAsync(server, $"""
            rules:
            - paths:
              - pathPrefix: /fs
                backend: {pipeline}
            """);
        using var client = TrafficNode.PlainClient();
        var url = $"http://127.0.0.1:{port}";

        // 4 × passed on and answered 200; 2 × answered by the mock ("mocked"); 3 × 503 from the backend ("failureCode")
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{url}/fs/ok")).StatusCode);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Accepted, (await client.GetAsync($"{url}/fs/mocked")).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/fs/ok");
            request.Headers.Add("X-Reply-Status", "503");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.SendAsync(request)).StatusCode);
        }

        JsonObject stats = null!;
        await Eventually.TrueAsync(async () =>
        {
            var status = (await traffic.Node.Api.GetFromJsonAsync<JsonObject>($"status/objects/{pipeline}"))![$"default/{pipeline}/eg-test"]!;
            stats = status["filterStats"]!.AsObject();
            return stats["mock"]!["count"]!.GetValue<long>() == 9;
        }, "the mock counted 9 runs");
        Assert.Equal(2, stats["mock"]!["errCount"]!.GetValue<long>());
        Assert.Equal(7, stats["proxy"]!["count"]!.GetValue<long>());
        Assert.Equal(3, stats["proxy"]!["errCount"]!.GetValue<long>());
        var proxy = stats["proxy"]!.AsObject();
        foreach (var key in new[] { "m1", "m5", "m15", "m1Err", "m1ErrPercent", "m5ErrPercent", "m15ErrPercent", "min", "mean", "max", "p50", "p99", "p999" })
            Assert.True(proxy.ContainsKey(key), $"filter stat has {key}");
        Assert.False(proxy.ContainsKey("codes"));   // a filter has no status code of its own
        Assert.True(proxy["max"]!.GetValue<double>() >= proxy["min"]!.GetValue<double>());
        Assert.True(proxy["mean"]!.GetValue<double>() > 0);

        var metrics = PrometheusText.Parse(await traffic.Node.Api.GetStringAsync("/apis/v2/metrics"));
        metrics.AssertHistogramsAreWellFormed();
        var mock = new[] { ("pipeline", pipeline), ("name", "mock"), ("kind", "Mock") };
        Assert.Equal(9, metrics.Value("filter_total_requests", mock));
        Assert.Equal(2, metrics.Value("filter_total_error_requests", mock));
        Assert.Equal(9, metrics.Value("filter_requests_duration_count", mock));
        var proxyLabels = new[] { ("pipeline", pipeline), ("name", "proxy"), ("kind", "Proxy") };
        Assert.Equal(7, metrics.Value("filter_total_requests", proxyLabels));
        Assert.Equal(3, metrics.Value("filter_total_error_requests", proxyLabels));
        Assert.Equal(7, metrics.Value("filter_requests_duration_bucket", [.. proxyLabels, ("le", "+Inf")]));
        Assert.Equal("counter", metrics.Types["filter_total_requests"]);
        Assert.Equal("histogram", metrics.Types["filter_requests_duration"]);
    }
}
