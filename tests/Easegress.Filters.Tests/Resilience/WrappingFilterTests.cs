using System.Net;
using Easegress.Filters.CircuitBreaker;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Resilience;

/// <summary>
/// The v1 resilience filters through a real front and a misbehaving backend: each runs the rest of the flow (the Proxy
/// after it) inside itself, as Easegress v1's did.
/// </summary>
public sealed class WrappingFilterTests
{
    private readonly ManualClock _clock = new();

    private static string Pipeline(string backendUrl, string guard, string flow = "[{filter: guard}, {filter: proxy}]",
        string more = "", string proxy = "") => $$"""
        name: v1
        kind: HTTPPipeline
        flow: {{flow}}
        filters:
        - name: guard
        {{guard}}
        - name: proxy
          kind: Proxy
          mainPool: {servers: [{url: '{{backendUrl}}'}]}
          {{proxy}}
        {{more}}
        """;

    private const string Breaker = """
          kind: CircuitBreaker
          policies: [{name: p, slidingWindowSize: 2, minimumNumberOfCalls: 2, permittedNumberOfCallsInHalfOpenState: 1,
                      waitDurationInOpenState: 10s, failureStatusCodes: [500]}]
          defaultPolicyRef: p
          urls: [{methods: [GET], url: {prefix: /api}}]
        """;

    private static Dictionary<string, object?> UrlStatus(PipelineFront front) =>
        ((List<Dictionary<string, object?>>)((Dictionary<string, object?>)front.Status("guard")!)["urls"]!)[0];

    [Fact]
    public async Task CircuitBreaker_opens_on_failure_statuses_short_circuits_without_the_backend_and_recovers()
    {
        var healthy = false;
        await using var backend = await MisbehavingBackend.StartAsync(_ => Volatile.Read(ref healthy) ? 200 : 500);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, Breaker), _clock);

        for (var i = 0; i < 2; i++)
        {
            using var failing = await front.Client.GetAsync("/api/x");
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        }
        Assert.Equal("OPEN", UrlStatus(front)["state"]);

        using (var refused = await front.Client.GetAsync("/api/x"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(CircuitBreakerFilter.HeaderValue, refused.Headers.GetValues(CircuitBreakerFilter.Header).Single());
        }
        using (var other = await front.Client.GetAsync("/elsewhere")) Assert.Equal(HttpStatusCode.InternalServerError, other.StatusCode);
        Assert.Equal(3, backend.Count);   // the two failures and the unguarded path; not the refused one
        Assert.Equal(["failureCode", "failureCode", "shortCircuited", "failureCode"], Enumerable.Range(0, 4).Select(_ => front.NextResult()));

        Volatile.Write(ref healthy, true);
        _clock.Advance(TimeSpan.FromSeconds(10));
        using (var probe = await front.Client.GetAsync("/api/x")) Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal("CLOSED", UrlStatus(front)["state"]);
    }

    [Fact]
    public async Task A_short_circuit_follows_jumpIf_like_any_result()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => 500);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, Breaker,
            flow: "[{filter: guard, jumpIf: {shortCircuited: fallback}}, {filter: proxy}, {filter: END}, {filter: fallback}]",
            more: "- {name: fallback, kind: Fallback, mockCode: 200, mockBody: 'try later'}"), _clock);

        for (var i = 0; i < 2; i++) (await front.Client.GetAsync("/api/x")).Dispose();
        using var response = await front.Client.GetAsync("/api/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("try later", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, backend.Count);
    }

    private const string Retryer = """
          kind: Retryer
          policies: [{name: p, maxAttempts: 3, waitDuration: 0s, failureStatusCodes: [502]}]
          defaultPolicyRef: p
          urls: [{url: {prefix: /}}]
        """;

    [Fact]
    public async Task Retryer_replays_the_POST_body_through_the_rest_of_the_flow_until_it_succeeds()
    {
        await using var backend = await MisbehavingBackend.StartAsync(n => n < 3 ? 502 : 201);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, Retryer));

        using var response = await front.Client.PostAsync("/orders", new StringContent("one order"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("#3: one order", await response.Content.ReadAsStringAsync());
        Assert.Equal(["one order", "one order", "one order"], backend.Bodies);
    }

    [Fact]
    public async Task Retryer_gives_up_after_maxAttempts_and_passes_on_the_last_result()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => 502);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, Retryer));

        using var response = await front.Client.PostAsync("/", new StringContent("x"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("#3: x", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, backend.Count);
        Assert.Equal("failureCode", front.NextResult());
    }

    /// <summary>A Retryer that tries twice when the backend answers 429, which the Proxy itself does not count as a failure.</summary>
    private const string RetryOn429 = """
          kind: Retryer
          policies: [{name: p, maxAttempts: 2, waitDuration: 0s, failureStatusCodes: [429]}]
          defaultPolicyRef: p
          urls: [{url: {prefix: /}}]
        """;

    [Fact]
    public async Task Retryer_retries_its_own_failure_statuses_even_those_the_Proxy_does_not_count_as_failures()
    {
        await using var backend = await MisbehavingBackend.StartAsync(n => n == 1 ? 429 : 200);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, RetryOn429));

        using var response = await front.Client.PostAsync("/", new StringContent("again"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("#2: again", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrapping_filter_counts_its_runs_in_its_statistics_like_any_filter()
    {
        await using var backend = await MisbehavingBackend.StartAsync(n => n == 1 ? 429 : 200);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, RetryOn429));

        using var response = await front.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = front.FilterStats.ToDictionary(f => f.Label, f => f.Stat.Count);
        Assert.Equal(1, counts["guard"]);   // one request, however many attempts inside it
        Assert.Equal(2, counts["proxy"]);
    }

    [Fact]
    public async Task Under_a_Retryer_a_successful_response_still_streams_past_serverMaxBodySize()
    {
        var large = new string('x', 1000);
        await using var backend = await MisbehavingBackend.StartAsync(_ => 200);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, Retryer, proxy: "serverMaxBodySize: 100"));

        using var response = await front.Client.PostAsync("/", new StringContent(large));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("#1: " + large, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, backend.Count);
    }

    [Fact]
    public async Task A_breaker_around_a_retryer_counts_one_call_per_request_however_many_attempts()
    {
        await using var backend = await MisbehavingBackend.StartAsync(_ => 502);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, Breaker.Replace("[500]", "[502]"),
            flow: "[{filter: guard}, {filter: retryer}, {filter: proxy}]",
            more: "- name: retryer\n" + Retryer), _clock);

        for (var i = 0; i < 2; i++)
        {
            using var failing = await front.Client.GetAsync("/api/x");
            Assert.Equal(HttpStatusCode.BadGateway, failing.StatusCode);
        }
        Assert.Equal(6, backend.Count);   // 2 requests × 3 attempts
        Assert.Equal("OPEN", UrlStatus(front)["state"]);   // after 2 calls: the window's minimum

        using var refused = await front.Client.GetAsync("/api/x");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(6, backend.Count);
    }

    [Fact]
    public async Task A_retryer_around_a_time_limiter_retries_a_timed_out_attempt_and_the_flow_then_runs_to_its_end()
    {
        await using var backend = await MisbehavingBackend.StartAsync(n => n == 1 ? MisbehavingBackend.Hang : 200);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, """
              kind: Retryer
              policies: [{name: p, maxAttempts: 2, waitDuration: 0s, countingNetworkError: true}]
              defaultPolicyRef: p
              urls: [{url: {prefix: /}}]
            """, flow: "[{filter: guard}, {filter: limiter}, {filter: proxy}]",
            more: "- {name: limiter, kind: TimeLimiter, urls: [{url: {prefix: /}, timeoutDuration: 5s}]}"), _clock);

        using var response = await backend.HangPastAsync(front.Client, "/", _clock, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // the 408 of the first attempt was discarded
        Assert.Equal("#2: ", await response.Content.ReadAsStringAsync());
        Assert.Equal("", front.NextResult());
        Assert.True(front.Ended.TryDequeue(out var ended) && !ended);
    }

    [Fact]
    public async Task TimeLimiter_cancels_the_backend_call_at_the_limit_with_408_timeout()
    {
        await using var backend = await MisbehavingBackend.StartAsync(n => n == 1 ? MisbehavingBackend.Hang : 200);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, """
              kind: TimeLimiter
              defaultTimeoutDuration: 1s
              urls: [{url: {prefix: /slow}, timeoutDuration: 5s}]
            """), _clock);

        using var response = await backend.HangPastAsync(front.Client, "/slow", _clock, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Equal("timeout", front.NextResult());

        using var quick = await front.Client.GetAsync("/slow");   // in time: passes, and no timer is left behind
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        Assert.Equal("", front.NextResult());
        Assert.Equal(0, _clock.PendingTimers);
    }
}
