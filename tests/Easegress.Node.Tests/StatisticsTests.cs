using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>Known traffic through a real listener and Proxy, read back from <c>/status/objects</c>.</summary>
public sealed class StatisticsTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private const string Member = "eg-test";

    private async Task<JsonObject> StatusOf(string name) =>
        (await traffic.Node.Api.GetFromJsonAsync<JsonObject>($"status/objects/{name}"))![$"default/{name}/{Member}"]!.AsObject();

    [Fact]
    public async Task Counts_codes_and_sizes_are_exact_for_the_server_its_paths_and_the_proxy_pool()
    {
        var (pipeline, server, port) = await traffic.StartOwnServerAsync("stat", "/api");
        using var client = TrafficNode.PlainClient();
        var url = $"http://127.0.0.1:{port}";

        // 6 × POST /api/ok with a 100-byte body: 200, answer "backend: " + body = 109 bytes (chunked by the backend)
        for (var i = 0; i < 6; i++)
        {
            var response = await client.PostAsync($"{url}/api/ok", new ByteArrayContent(new byte[100]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(109, (await response.Content.ReadAsByteArrayAsync()).Length);
        }
        // 3 × GET /api/fail answered 503 by the backend ("backend: " = 9 bytes)
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/api/fail");
            request.Headers.Add("X-Reply-Status", "503");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.SendAsync(request)).StatusCode);
        }
        // 1 × a chunked upload of 50 bytes (counted as read), 2 × 404 from the router
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{url}/api/ok", new StreamContent(new MemoryStream(new byte[50])))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{url}/nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{url}/nowhere")).StatusCode);

        JsonObject status = null!;
        await Eventually.TrueAsync(async () => (status = await StatusOf(server))["count"]!.GetValue<long>() == 12, "the server counted 12 requests");
        Assert.Equal(server, status["name"]!.GetValue<string>());
        Assert.Equal(5, status["errCount"]!.GetValue<long>());
        Assert.Equal(6 * 100 + 50, status["reqSize"]!.GetValue<long>());
        Assert.Equal(6 * 109 + 3 * 9 + 59, status["respSize"]!.GetValue<long>());
        Assert.Equal(new Dictionary<string, long> { ["200"] = 7, ["404"] = 2, ["503"] = 3 },
            status["codes"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.GetValue<long>()));
        Assert.True(status["max"]!.GetValue<double>() >= status["p50"]!.GetValue<double>());
        Assert.True(status["p50"]!.GetValue<double>() > 0);

        var top = status["topN"]!.AsArray().Select(t => (Path: t!["path"]!.GetValue<string>(), Count: t["count"]!.GetValue<long>())).ToList();
        Assert.Equal([("/api/ok", 7L), ("/api/fail", 3L), ("/nowhere", 2L)], top);

        var pool = (await StatusOf(pipeline))["filters"]!["proxy"]!["mainPool"]!["stat"]!;
        Assert.Equal(10, pool["count"]!.GetValue<long>());
        Assert.Equal(3, pool["errCount"]!.GetValue<long>());
        Assert.Equal(6 * 100 + 50, pool["reqSize"]!.GetValue<long>());
        Assert.Equal(6 * 109 + 3 * 9 + 59, pool["respSize"]!.GetValue<long>());
        Assert.Equal(3, pool["codes"]!["503"]!.GetValue<long>());
        Assert.Empty((await StatusOf(pipeline))["filters"]!["proxy"]!["candidatePools"]!.AsArray());
    }
}
