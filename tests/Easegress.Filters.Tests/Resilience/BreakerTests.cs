using Easegress.Resilience;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Resilience;

/// <summary>resilience4j's circuit breaker state machine on a clock that moves only when told.</summary>
public sealed class BreakerTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(10);

    private readonly ManualClock _clock = new();
    private readonly List<string> _transitions = [];

    private Breaker Create(CircuitBreakerPolicySpec policy) =>
        new(policy, _clock, (from, to) => _transitions.Add($"{Breaker.Name(from)}->{Breaker.Name(to)}"));

    private static CircuitBreakerPolicySpec CountBased(int window = 4, int minimum = 4, double failureRate = 50) => new()
    {
        Name = "p",
        SlidingWindowSize = window,
        MinimumNumberOfCalls = minimum,
        FailureRateThreshold = failureRate,
        PermittedNumberOfCallsInHalfOpenState = 2,
        WaitDurationInOpenState = TimeSpan.FromSeconds(10),
        SlowCallDurationThreshold = TimeSpan.FromSeconds(1),
    };

    /// <summary>Runs one permitted call with the given outcome.</summary>
    private static void Call(Breaker breaker, bool failed, TimeSpan? duration = null)
    {
        var permit = breaker.TryAcquire();
        Assert.True(permit.Permitted, $"a call is permitted in {breaker.State}");
        breaker.Record(permit, failed, duration ?? Fast);
    }

    private Breaker Opened(CircuitBreakerPolicySpec policy)
    {
        var breaker = Create(policy);
        for (var i = 0; i < policy.MinimumNumberOfCalls; i++) Call(breaker, failed: true);
        Assert.Equal(BreakerState.Open, breaker.State);
        return breaker;
    }

    [Fact]
    public void Closed_does_not_judge_before_minimumNumberOfCalls_then_opens_at_the_failure_rate_threshold()
    {
        var breaker = Create(CountBased());
        Call(breaker, failed: true);
        Call(breaker, failed: true);
        Call(breaker, failed: false);
        Assert.Equal(BreakerState.Closed, breaker.State);   // 3 calls, 67 % failed, but fewer than 4

        Call(breaker, failed: false);   // 4 calls, 50 % = threshold

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(["CLOSED->OPEN"], _transitions);
    }

    [Fact]
    public void Below_the_threshold_it_stays_closed()
    {
        var breaker = Create(CountBased());
        Call(breaker, failed: true);
        for (var i = 0; i < 3; i++) Call(breaker, failed: false);   // 25 %
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void A_count_based_window_forgets_calls_older_than_its_size()
    {
        var breaker = Create(CountBased(window: 4, minimum: 4));
        Call(breaker, failed: true);
        for (var i = 0; i < 3; i++) Call(breaker, failed: false);   // [F S S S]: 25 %
        for (var i = 0; i < 4; i++) Call(breaker, failed: false);   // the failure slid out
        Call(breaker, failed: true);                                // [S S S F]: 25 %
        Assert.Equal(BreakerState.Closed, breaker.State);
        Call(breaker, failed: true);                                // [S S F F]: 50 %
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void Count_based_minimum_is_at_most_the_window_size()
    {
        var breaker = Create(CountBased(window: 2, minimum: 10));
        Call(breaker, failed: true);
        Call(breaker, failed: true);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void Open_refuses_every_call_until_waitDurationInOpenState_then_turns_half_open()
    {
        var breaker = Opened(CountBased());

        Assert.False(breaker.TryAcquire().Permitted);
        _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.False(breaker.TryAcquire().Permitted);
        _clock.Advance(TimeSpan.FromTicks(1));

        Assert.True(breaker.TryAcquire().Permitted);
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
        Assert.Equal(["CLOSED->OPEN", "OPEN->HALF_OPEN"], _transitions);
    }

    [Fact]
    public void Half_open_permits_exactly_the_permitted_calls_and_closes_when_they_succeed()
    {
        var breaker = Opened(CountBased());
        _clock.Advance(TimeSpan.FromSeconds(10));

        var first = breaker.TryAcquire();
        var second = breaker.TryAcquire();
        Assert.True(first.Permitted && second.Permitted);
        Assert.False(breaker.TryAcquire().Permitted);   // only 2 in half-open

        breaker.Record(first, failed: false, Fast);
        Assert.Equal(BreakerState.HalfOpen, breaker.State);   // waits for all permitted calls
        breaker.Record(second, failed: false, Fast);

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Equal(["CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"], _transitions);
        Assert.True(breaker.TryAcquire().Permitted);
    }

    [Fact]
    public void Half_open_opens_again_when_the_permitted_calls_fail_at_the_threshold()
    {
        var breaker = Opened(CountBased());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Call(breaker, failed: false);
        Call(breaker, failed: true);   // 50 %

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.False(breaker.TryAcquire().Permitted);
        Assert.Equal("HALF_OPEN->OPEN", _transitions[^1]);
    }

    [Fact]
    public void Half_open_opens_again_after_maxWaitDurationInHalfOpenState_without_enough_calls()
    {
        var policy = CountBased();
        policy.MaxWaitDurationInHalfOpenState = TimeSpan.FromSeconds(3);
        var breaker = Opened(policy);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var slowCall = breaker.TryAcquire();
        Assert.Equal(BreakerState.HalfOpen, breaker.State);

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(BreakerState.Open, breaker.State);
        breaker.Record(slowCall, failed: false, Fast);   // it started in the half-open state that is gone: ignored
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(["CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN"], _transitions);
    }

    [Fact]
    public void Without_maxWaitDurationInHalfOpenState_half_open_waits_for_its_calls()
    {
        var breaker = Opened(CountBased());
        _clock.Advance(TimeSpan.FromSeconds(10));
        breaker.TryAcquire();
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
    }

    [Fact]
    public void Slow_calls_open_the_breaker_at_the_slow_call_rate_threshold()
    {
        var policy = CountBased();
        policy.SlowCallRateThreshold = 50;
        var breaker = Create(policy);
        var threshold = policy.SlowCallDurationThreshold;

        Call(breaker, failed: false, threshold);                          // as long as the threshold: not slow
        Call(breaker, failed: false, threshold + TimeSpan.FromTicks(1));  // longer: slow
        Call(breaker, failed: false);
        Call(breaker, failed: false);
        Assert.Equal(BreakerState.Closed, breaker.State);   // 25 % slow
        Assert.Equal(1, breaker.Status()["slowCalls"]);

        Call(breaker, failed: false, TimeSpan.FromSeconds(5));   // [slow, fast, fast, slow]: 50 %

        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void A_time_based_window_counts_the_calls_of_the_last_slidingWindowSize_seconds()
    {
        var policy = CountBased(window: 10, minimum: 4);
        policy.SlidingWindowType = CircuitBreakerPolicySpec.TimeBased;
        var breaker = Create(policy);

        Call(breaker, failed: true);
        Call(breaker, failed: true);
        _clock.Advance(TimeSpan.FromSeconds(10));   // those two seconds-old failures are now out of the window
        Call(breaker, failed: true);
        Call(breaker, failed: false);
        Call(breaker, failed: false);
        Assert.Equal(BreakerState.Closed, breaker.State);   // 3 calls in the window: too few
        Assert.Equal(3, breaker.Status()["calls"]);

        _clock.Advance(TimeSpan.FromSeconds(9));   // still inside the 10 s
        Call(breaker, failed: true);               // 4 calls, 2 failed: 50 %

        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void A_time_based_window_is_not_bounded_by_a_count()
    {
        var policy = CountBased(window: 2, minimum: 5);
        policy.SlidingWindowType = CircuitBreakerPolicySpec.TimeBased;
        var breaker = Create(policy);
        for (var i = 0; i < 4; i++) Call(breaker, failed: true);
        Assert.Equal(BreakerState.Closed, breaker.State);   // minimum 5 applies as given
        Call(breaker, failed: true);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void A_call_that_started_before_a_transition_does_not_count_after_it()
    {
        var breaker = Create(CountBased(window: 2, minimum: 2));
        var early = breaker.TryAcquire();
        Call(breaker, failed: true);
        Call(breaker, failed: true);   // opens
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);

        breaker.Record(early, failed: true, Fast);

        Assert.Equal(BreakerState.HalfOpen, breaker.State);
        Assert.Equal(0, breaker.Status()["calls"]);
    }

    [Fact]
    public void The_status_shows_the_state_and_the_window()
    {
        var breaker = Create(CountBased());
        Call(breaker, failed: true);
        var status = breaker.Status();
        Assert.Equal("CLOSED", status["state"]);
        Assert.Equal(1, status["calls"]);
        Assert.Equal(1, status["failedCalls"]);
        Assert.Equal(-1.0, status["failureRate"]);   // not judged yet: fewer than the minimum
    }
}
