using Easegress.Protocols.Http;
using Easegress.Filters.RateLimiter;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.RateLimiter;

/// <summary>resilience4j's rate limiter semantics on a clock that moves only when told.</summary>
public sealed class RateLimiterTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly ManualClock _clock = new();

    private RateLimiterFilter Limiter(string fieldsYaml) =>
        new(TestSpecs.Filter<RateLimiterSpec>("name: limiter\nkind: RateLimiter\n" + fieldsYaml), _clock);

    /// <summary>One policy for every path: <paramref name="limit"/> per second, waiting up to <paramref name="timeout"/>.</summary>
    private RateLimiterFilter Limiter(int limit, string timeout) => Limiter($$"""
        policies: [{name: p, limitForPeriod: {{limit}}, limitRefreshPeriod: 1s, timeoutDuration: {{timeout}}}]
        urls: [{url: {prefix: /}, policyRef: p}]
        """);

    private static ValueTask<string> Send(RateLimiterFilter filter, string path = "/", string method = "GET") =>
        filter.HandleAsync(Requests.Context(method, path));

    /// <summary>Sends a request that must be answered at once (without waiting) and returns its result.</summary>
    private static string SendNow(RateLimiterFilter filter, string path = "/", string method = "GET") =>
        SendNow(filter, Requests.Context(method, path));

    private static string SendNow(RateLimiterFilter filter, RequestContext context)
    {
        var result = filter.HandleAsync(context);
        Assert.True(result.IsCompletedSuccessfully, "answered without waiting");
        return result.Result;
    }

    private static Dictionary<string, object?> UrlStatus(RateLimiterFilter filter, int index) =>
        ((List<Dictionary<string, object?>>)((Dictionary<string, object?>)filter.Status()!)["urls"]!)[index];

    [Fact]
    public void A_period_grants_limitForPeriod_permits_and_refuses_the_rest_with_429()
    {
        using var filter = Limiter(3, "0s");

        for (var i = 0; i < 3; i++) Assert.Equal("", SendNow(filter));
        var refused = Requests.Context();

        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter, refused));
        Assert.Equal(429, refused.Response!.StatusCode);
        Assert.Equal("too-many-requests", refused.Response.Headers[RateLimiterFilter.Header].ToString());
    }

    [Fact]
    public void Each_new_period_brings_limitForPeriod_permits_and_unused_ones_do_not_pile_up()
    {
        using var filter = Limiter(2, "0s");
        for (var i = 0; i < 2; i++) SendNow(filter);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("", SendNow(filter));
        Assert.Equal("", SendNow(filter));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));

        _clock.Advance(5 * Second);
        Assert.Equal(2L, UrlStatus(filter, 0)["availablePermits"]);
        Assert.Equal("", SendNow(filter));
        Assert.Equal("", SendNow(filter));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));
    }

    [Fact]
    public async Task A_request_whose_permit_comes_within_the_timeout_waits_for_it()
    {
        using var filter = Limiter(1, "1s");
        SendNow(filter);
        _clock.Advance(TimeSpan.FromMilliseconds(400));

        var waiting = Send(filter);

        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, UrlStatus(filter, 0)["waiting"]);
        Assert.Equal(-1L, UrlStatus(filter, 0)["availablePermits"]);
        _clock.Advance(TimeSpan.FromMilliseconds(599));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("", await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, UrlStatus(filter, 0)["waiting"]);
        Assert.Equal(0L, UrlStatus(filter, 0)["availablePermits"]);
    }

    [Fact]
    public void A_request_whose_permit_comes_after_the_timeout_is_refused_at_once()
    {
        using var filter = Limiter(1, "500ms");
        SendNow(filter);
        _clock.Advance(TimeSpan.FromMilliseconds(400));

        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));   // its permit would come in 600ms
        Assert.Equal(0, _clock.PendingTimers);

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var waiting = Send(filter).AsTask();
        Assert.False(waiting.IsCompleted);                            // in 500ms: waits
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));   // the next period's permit is taken; the one after is 1.5s away
    }

    [Fact]
    public async Task Reservations_are_served_in_the_order_they_were_made_and_newcomers_queue_behind_them()
    {
        using var filter = Limiter(2, "2s");
        SendNow(filter);
        SendNow(filter);

        var waiting = Enumerable.Range(0, 4).Select(_ => Send(filter).AsTask()).ToArray();   // periods 1, 1, 2, 2
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));                           // period 3 is 3s away
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        Assert.Equal(4, UrlStatus(filter, 0)["waiting"]);

        _clock.Advance(Second);
        await Task.WhenAll(waiting[..2]).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(waiting[2..], w => Assert.False(w.IsCompleted));
        var newcomer = Send(filter).AsTask();                                                // period 3, 2s away now

        _clock.Advance(Second);
        await Task.WhenAll(waiting[2..]).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(newcomer.IsCompleted);

        _clock.Advance(Second);
        Assert.Equal("", await newcomer.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.All(await Task.WhenAll(waiting), result => Assert.Equal("", result));
    }

    [Fact]
    public async Task A_request_whose_client_goes_away_while_waiting_stops_waiting_and_goes_on_as_in_Easegress()
    {
        using var filter = Limiter(1, "1s");
        SendNow(filter);
        using var abort = new CancellationTokenSource();
        var context = Requests.Context();
        context.Http.RequestAborted = abort.Token;

        var waiting = filter.HandleAsync(context).AsTask();
        await abort.CancelAsync();

        Assert.Equal("", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, UrlStatus(filter, 0)["waiting"]);
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter));   // its permit is spent
    }

    [Fact]
    public void Every_url_rule_has_its_own_limiter_and_requests_matching_none_are_not_limited()
    {
        using var filter = Limiter("""
            policies: [{name: p, limitForPeriod: 1, limitRefreshPeriod: 1s, timeoutDuration: 0s}]
            urls:
            - {url: {exact: /a}, policyRef: p}
            - {url: {regex: '^/b/\d+$'}, policyRef: p}
            """);

        Assert.Equal("", SendNow(filter, "/a"));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter, "/a"));
        Assert.Equal("", SendNow(filter, "/b/1"));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter, "/b/2"));
        for (var i = 0; i < 100; i++) Assert.Equal("", SendNow(filter, "/b/x"));
    }

    [Fact]
    public void The_first_rule_that_matches_limits_a_request()
    {
        using var filter = Limiter("""
            policies:
            - {name: one, limitForPeriod: 1, limitRefreshPeriod: 1s, timeoutDuration: 0s}
            - {name: many, limitForPeriod: 100, limitRefreshPeriod: 1s, timeoutDuration: 0s}
            defaultPolicyRef: many
            urls:
            - {url: {prefix: /admin}, policyRef: one}
            - {url: {prefix: /}}
            """);

        Assert.Equal("", SendNow(filter, "/admin/x"));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter, "/admin/y"));
        for (var i = 0; i < 100; i++) Assert.Equal("", SendNow(filter, "/shop"));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter, "/shop"));
        Assert.Equal("many", UrlStatus(filter, 1)["policy"]);
    }

    [Fact]
    public void A_rule_with_methods_limits_only_those_methods()
    {
        using var filter = Limiter("""
            policies: [{name: p, limitForPeriod: 1, limitRefreshPeriod: 1s, timeoutDuration: 0s}]
            urls: [{methods: [POST, PUT], url: {prefix: /orders}, policyRef: p}]
            """);

        Assert.Equal("", SendNow(filter, "/orders", "POST"));
        Assert.Equal(RateLimiterKind.RateLimited, SendNow(filter, "/orders", "PUT"));
        for (var i = 0; i < 10; i++) Assert.Equal("", SendNow(filter, "/orders", "GET"));
    }

    [Fact]
    public void The_status_shows_each_rules_permits_and_waiting_requests()
    {
        using var filter = Limiter("""
            policies: [{name: p, limitForPeriod: 5, limitRefreshPeriod: 1s}]
            urls: [{methods: [GET], url: {exact: /a, prefix: /b}, policyRef: p}]
            """);
        SendNow(filter, "/a");

        var status = UrlStatus(filter, 0);

        Assert.Equal(new List<string> { "GET" }, status["methods"]);
        Assert.Equal("exact /a | prefix /b", status["url"]);
        Assert.Equal("p", status["policy"]);
        Assert.Equal(4L, status["availablePermits"]);
        Assert.Equal(0, status["waiting"]);
    }

    [Fact]
    public void A_policy_has_Easegress_defaults()
    {
        var spec = TestSpecs.Filter<RateLimiterSpec>("""
            name: limiter
            kind: RateLimiter
            policies: [{name: p}]
            defaultPolicyRef: p
            urls: [{url: {prefix: /}}]
            """);

        var policy = Assert.Single(spec.Policies);
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.TimeoutDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(10), policy.LimitRefreshPeriod);
        Assert.Equal(50, policy.LimitForPeriod);
    }

    [Theory]
    [InlineData("policies: [{name: p}]\nurls: [{url: {prefix: /}, policyRef: q}]", "filters[0].urls[0].policyRef: no policy is named \"q\"")]
    [InlineData("policies: [{name: p}]\nurls: [{url: {prefix: /}}]", "filters[0].urls[0].policyRef: is required when there is no defaultPolicyRef")]
    [InlineData("policies: [{name: p}]\ndefaultPolicyRef: q\nurls: []", "filters[0].defaultPolicyRef: no policy is named \"q\"")]
    [InlineData("policies: [{name: p}, {name: p}]\nurls: []", "filters[0].policies[1].name: another policy is named \"p\"")]
    [InlineData("policies: [{name: p, limitForPeriod: 0}]\nurls: []", "filters[0].policies[0].limitForPeriod: must be at least 1")]
    [InlineData("policies: [{name: p, limitForPeriod: -5}]\nurls: []", "filters[0].policies[0].limitForPeriod: must be at least 1")]
    [InlineData("policies: [{name: p, limitRefreshPeriod: 0s}]\nurls: []", "filters[0].policies[0].limitRefreshPeriod: must be longer than 0")]
    [InlineData("policies: [{name: p, limitRefreshPeriod: -1s}]\nurls: []", "filters[0].policies[0].limitRefreshPeriod: must be a duration")]
    [InlineData("policies: [{name: p, timeoutDuration: soon}]\nurls: []", "filters[0].policies[0].timeoutDuration: must be a duration")]
    [InlineData("policies: [{name: p}]\nurls: [{url: {regex: '(a'}, policyRef: p}]", "filters[0].urls[0].url.regex: invalid regular expression")]
    [InlineData("policies: [{name: p}]\nurls: [{url: {}, policyRef: p}]", "filters[0].urls[0].url: give exact, prefix, regex or empty")]
    [InlineData("policies: [{name: p}]\nurls: [{methods: [FETCH], url: {prefix: /}, policyRef: p}]", "filters[0].urls[0].methods[0]: \"FETCH\" is not an HTTP method")]
    [InlineData("urls: []", "filters[0].policies: is required")]
    public void A_bad_spec_is_refused_naming_the_field(string fieldsYaml, string error)
    {
        Assert.StartsWith(error, TestSpecs.FieldError("RateLimiter", fieldsYaml));
    }
}
