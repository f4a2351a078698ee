using System.Net;
using System.Text;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Resilience;

/// <summary>
/// v2 resilience through a real front and a misbehaving backend on loopback: a pool's circuit breaker, its retries and
/// its timeout. The breaker's and the timeout's clock is a manual one.
/// </summary>
public sealed class PoolResilienceTests
{
    private readonly ManualClock _clock = new();

    private static string Pipeline(string backendUrl, string pool, string resilience = "[]") => $$"""
        name: resilient
        kind: Pipeline
        resilience: {{resilience}}
        filters:
        - name: proxy
          kind: Proxy
          pools: [{servers: [{url: '{{backendUrl}}'}], {{pool}}}]
        """;

    private const string Breaker = """
        [{name: cb, kind: CircuitBreaker, slidingWindowSize: 2, minimumNumberOfCalls: 2,
          permittedNumberOfCallsInHalfOpenState: 1, waitDurationInOpenState: 10s}]
        """;

    private static Dictionary<string, object?> BreakerStatus(PipelineFront front) =>
        (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)front.Status("proxy")!)["mainPool"]!)["circuitBreaker"]!;

    [Fact]
    public async Task An_open_breaker_answers_503_shortCircuited_without_the_backend_and_recovers_through_half_open()
    {
        var healthy = false;
        await using var backend = await MisbehavingBackend.StartAsync(_ => Volatile.Read(ref healthy) ? 200 : 500);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "circuitBreakerPolicy: cb", Breaker), _clock);

        for (var i = 0; i < 2; i++)
        {
            using var failing = await front.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
            Assert.Equal("failureCode", front.NextResult());
        }
        Assert.Equal("OPEN", BreakerStatus(front)["state"]);

        using (var refused = await front.Client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("shortCircuited", front.NextResult());
        }
        Assert.Equal(2, backend.Count);   // the backend never saw the refused request

        Volatile.Write(ref healthy, true);
        _clock.Advance(TimeSpan.FromSeconds(10));
        using (var probe = await front.Client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            Assert.Equal("", front.NextResult());
        }
        Assert.Equal("CLOSED", BreakerStatus(front)["state"]);
        Assert.Equal(3, backend.Count);
    }

    [Fact]
    public async Task Dropped_connections_count_as_failures_and_open_the_breaker()
    {
        await using var backend = new ClosingBackend();
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "circuitBreakerPolicy: cb", Breaker), _clock);

        for (var i = 0; i < 2; i++)
        {
            using var dropped = await front.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, dropped.StatusCode);
            Assert.Equal("serverError", front.NextResult());
        }
        using var refused = await front.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("shortCircuited", front.NextResult());
    }

    [Fact]
    public async Task Retries_replay_the_POST_body_until_an_attempt_succeeds()
    {
        await using var backend = await MisbehavingBackend.StartAsync(n => n < 3 ? 503 : 200);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "retryPolicy: r",
            "[{name: r, kind: Retry, maxAttempts: 3, waitDuration: 0s}]"));

        using var response = await front.Client.PostAsync("/orders", new StringContent("{\"item\": 42}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("#3: {\"item\": 42}", await response.Content.ReadAsStringAsync());
        Assert.Equal(["{\"item\": 42}", "{\"item\": 42}", "{\"item\": 42}"], backend.Bodies);
        Assert.Equal("", front.NextResult());
    }

    [Fact]
    public async Task Retries_give_up_after_maxAttempts_with_the_last_answer()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => 500);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "retryPolicy: r",
            "[{name: r, kind: Retry, maxAttempts: 3, waitDuration: 0s}]"));

        using var response = await front.Client.PostAsync("/", new StringContent("payload"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("#3: payload", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, backend.Count);
        Assert.Equal("failureCode", front.NextResult());
    }

    [Fact]
    public async Task Retries_wait_on_the_clock_as_the_backoff_says()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => 500);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "retryPolicy: r",
            "[{name: r, kind: Retry, maxAttempts: 3, waitDuration: 1s, backOffPolicy: EXPONENTIAL}]"), _clock);

        var pending = front.Client.PostAsync("/", new StringContent("body"));
        await WaitUntil(() => backend.Count == 1 && _clock.PendingTimers == 1);

        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(1, backend.Count);   // the first wait is 1 s
        _clock.Advance(TimeSpan.FromTicks(1));
        await WaitUntil(() => backend.Count == 2 && _clock.PendingTimers == 1);

        _clock.Advance(TimeSpan.FromSeconds(1.5) - TimeSpan.FromTicks(1));
        Assert.Equal(2, backend.Count);   // the second, 1.5 times longer
        _clock.Advance(TimeSpan.FromTicks(1));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(3, backend.Count);
        Assert.Equal(["body", "body", "body"], backend.Bodies);
    }

    /// <summary>Waits (on the real clock, up to 20 s) for what the request does on its own between two clock moves.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition()) await Task.Delay(10, limit.Token);
    }

    [Fact]
    public async Task The_breaker_wraps_the_retries_and_counts_the_request_once()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => 500);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "circuitBreakerPolicy: cb, retryPolicy: r",
            Breaker.TrimEnd().TrimEnd(']') + ", {name: r, kind: Retry, maxAttempts: 2, waitDuration: 0s}]"), _clock);

        using (var first = await front.Client.GetAsync("/")) Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(2, backend.Count);
        Assert.Equal(1, BreakerStatus(front)["calls"]);
    }

    [Fact]
    public async Task The_pool_timeout_cancels_a_slow_backend_call_with_408_timeout()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => MisbehavingBackend.Hang);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "timeout: 5s"), _clock);

        using var response = await backend.HangPastAsync(front.Client, "/", _clock, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Equal("timeout", front.NextResult());
    }
}
