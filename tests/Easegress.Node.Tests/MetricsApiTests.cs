using System.Net;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary><c>GET /metrics</c> after known traffic, read back through a strict Prometheus text parser.</summary>
public sealed class MetricsApiTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    [Fact]
    public async Task Known_traffic_shows_in_well_formed_Prometheus_text_under_both_versions()
    {
        var (pipeline, server, port) = await traffic.StartOwnServerAsync("metrics", "/m");
        using var client = TrafficNode.PlainClient();
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"http://127.0.0.1:{port}/m", new ByteArrayContent(new byte[300]))).StatusCode);
        using var failing = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/m");
        failing.Headers.Add("X-Reply-Status", "500");
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.SendAsync(failing)).StatusCode);

        PrometheusText metrics = null!;
        var labels = new[] { ("name", server), ("backend", pipeline) };
        await Eventually.TrueAsync(async () =>
        {
            var response = await traffic.Node.Api.GetAsync("/apis/v2/metrics");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
            return metrics.Samples.Any(s => s.Name == "httpserver_total_requests" && s.Labels["name"] == server && s.Value == 5);
        }, "the server's 5 requests show in /metrics");
        metrics.AssertHistogramsAreWellFormed();

        Assert.Equal(1, metrics.Value("httpserver_health", ("name", server)));
        Assert.Equal(5, metrics.Value("httpserver_total_requests", labels));
        Assert.Equal(1, metrics.Value("httpserver_total_error_requests", labels));
        Assert.Equal(5, metrics.Value("httpserver_requests_duration_count", labels));
        Assert.Equal(1200, metrics.Value("httpserver_requests_size_bytes_sum", labels));
        Assert.Equal(1, metrics.Value("httpserver_requests_size_bytes_bucket", [.. labels, ("le", "256")]));   // the GET
        Assert.Equal(5, metrics.Value("httpserver_requests_size_bytes_bucket", [.. labels, ("le", "1024")]));
        var sample = metrics.Samples.First(s => s.Name == "httpserver_total_requests" && s.Labels["name"] == server);
        Assert.Equal("eg-test", sample.Labels["instanceName"]);
        Assert.Equal("primary", sample.Labels["clusterRole"]);
        Assert.Equal("Ordered", sample.Labels["routerKind"]);
        Assert.Equal("HTTPServer", sample.Labels["kind"]);
        Assert.True(sample.Labels.ContainsKey("clusterName"));

        var proxy = new[] { ("pipeline", pipeline), ("name", "proxy"), ("pool", "main") };
        Assert.Equal(5, metrics.Value("proxy_total_connections", proxy));
        Assert.Equal(1, metrics.Value("proxy_total_error_connections", proxy));
        Assert.Equal(1200, metrics.Value("proxy_request_body_size_sum", proxy));
        Assert.Equal("roundRobin", metrics.Samples.First(s => s.Name == "proxy_total_connections" && s.Labels["pipeline"] == pipeline).Labels["loadBalancePolicy"]);

        Assert.True(metrics.Value("process_cpu_seconds_total") > 0);
        Assert.True(metrics.Value("process_resident_memory_bytes") > 0);
        Assert.Equal("counter", metrics.Types["dotnet_gc_collection_count_total"]);

        var v1 = PrometheusText.Parse(await traffic.Node.Api.GetStringAsync("/apis/v1/metrics"));
        Assert.Equal(5, v1.Value("httpserver_total_requests", labels));
    }
}
