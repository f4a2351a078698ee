using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>
/// Pipeline resilience policies through the admin API and a real listener: a pool's retries replay a body but not a
/// streamed one, its breaker opens and shows in <c>/status/objects</c>, and a pool naming an unknown policy is refused.
/// </summary>
public sealed class ResilienceTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private const string Member = "eg-test";

    private static string Pipeline(string name, string backendUrl, string breakerPolicy = "cb") => $$"""
        name: {{name}}
        kind: Pipeline
        resilience:
        - {name: cb, kind: CircuitBreaker, slidingWindowSize: 2, minimumNumberOfCalls: 2, waitDurationInOpenState: 1h}
        - {name: retry, kind: Retry, maxAttempts: 3, waitDuration: 0s}
        filters:
        - name: proxy
          kind: Proxy
          pools:
          - servers: [{url: '{{backendUrl}}'}]
            circuitBreakerPolicy: {{breakerPolicy}}
            retryPolicy: retry
        """;

    private int Received(string path) => traffic.Backend.Received.Count(r => r.Path == path);

    private static HttpRequestMessage FailingPost(int port, string path, HttpContent body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{path}") { Content = body };
        request.Headers.Add("X-Reply-Status", "503");
        return request;
    }

    [Fact]
    public async Task Retries_replay_bodies_but_not_streams_and_the_open_breaker_shows_in_the_status()
    {
        var pipeline = traffic.NewName("resilient");
        await traffic.CreateAsync(Pipeline(pipeline, traffic.Backend.Url));
        var port = await traffic.StartServerAsync(traffic.NewName("resilient-server"), $"""
            rules:
            - paths:
              - pathPrefix: /{pipeline}/stream
                clientMaxBodySize: -1
                backend: {pipeline}
              - pathPrefix: /{pipeline}
                backend: {pipeline}
            """);
        using var client = TrafficNode.PlainClient();

        var buffered = $"/{pipeline}/buffered";
        using (var response = await client.SendAsync(FailingPost(port, buffered, new StringContent("twice and more"))))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, Received(buffered));
        Assert.All(traffic.Backend.Received.Where(r => r.Path == buffered), r => Assert.Equal("twice and more", r.Body));

        var streamed = $"/{pipeline}/stream/up";
        using (var response = await client.SendAsync(FailingPost(port, streamed, new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("once"))))))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, Received(streamed));   // a streamed body cannot be replayed: one attempt

        // two failed requests filled the breaker's window: it is open, and the backend is spared
        var spared = $"/{pipeline}/spared";
        using (var response = await client.GetAsync($"http://127.0.0.1:{port}{spared}"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, Received(spared));

        var status = (await traffic.Node.Api.GetFromJsonAsync<JsonObject>($"status/objects/{pipeline}"))![$"default/{pipeline}/{Member}"]!;
        var breaker = status["filters"]!["proxy"]!["mainPool"]!["circuitBreaker"]!;
        Assert.Equal("OPEN", breaker["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pool_naming_an_unknown_policy_is_refused_with_the_field_path()
    {
        var response = await traffic.Node.Api.PostAsync("objects",
            new StringContent(Pipeline(traffic.NewName("unknown-policy"), traffic.Backend.Url, breakerPolicy: "nope"), Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("filters[0].pools[0].circuitBreakerPolicy: no resilience policy of the pipeline is named \"nope\"",
            error!["message"]!.GetValue<string>());
    }
}
