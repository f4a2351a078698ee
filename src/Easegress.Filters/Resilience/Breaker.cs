namespace Easegress.Resilience;

public enum BreakerState { Closed, Open, HalfOpen }

/// <summary>Whether a call may go through, and the breaker state it went through in (its outcome counts only there).</summary>
internal readonly record struct BreakerPermit(bool Permitted, long Generation);

/// <summary>
/// resilience4j's circuit breaker. CLOSED lets every call through and records its outcome in the sliding window; once the
/// window holds <c>minimumNumberOfCalls</c> and the failure rate or the slow-call rate reaches its threshold, it OPENs.
/// OPEN refuses every call until <c>waitDurationInOpenState</c> has passed, then turns HALF_OPEN at the next call. HALF_OPEN
/// lets <c>permittedNumberOfCallsInHalfOpenState</c> calls through and refuses the others; when all of them have
/// finished it CLOSEs if their rates are under the thresholds and OPENs otherwise — or OPENs when
/// <c>maxWaitDurationInHalfOpenState</c> (if not 0) passes first. As in Easegress, a call's outcome counts only in the
/// state it started in; one that finishes after a transition is ignored. Transitions happen on calls (and status reads),
/// never on timers, so the clock alone drives them.
/// </summary>
internal sealed class Breaker
{
    private readonly Lock _lock = new();
    private readonly CircuitBreakerPolicySpec _policy;
    private readonly TimeProvider _time;
    private readonly Action<BreakerState, BreakerState>? _transitioned;
    private BreakerState _state = BreakerState.Closed;
    private long _generation;
    private long _since;
    private OutcomeWindow _window;
    private int _halfOpenPermits;

    /// <param name="transitioned">Told of every transition (from, to), outside the breaker's lock.</param>
    public Breaker(CircuitBreakerPolicySpec policy, TimeProvider time, Action<BreakerState, BreakerState>? transitioned = null)
    {
        _policy = policy;
        _time = time;
        _transitioned = transitioned;
        _since = time.GetTimestamp();
        _window = OutcomeWindow.For(policy, time.TimestampFrequency);
    }

    public BreakerState State
    {
        get
        {
            (BreakerState, BreakerState)? moved;
            BreakerState state;
            lock (_lock)
            {
                moved = MoveOn(_time.GetTimestamp());
                state = _state;
            }
            Tell(moved);
            return state;
        }
    }

    public BreakerPermit TryAcquire()
    {
        (BreakerState, BreakerState)? moved;
        BreakerPermit permit;
        lock (_lock)
        {
            moved = MoveOn(_time.GetTimestamp());
            var permitted = _state == BreakerState.Closed || (_state == BreakerState.HalfOpen && _halfOpenPermits > 0);
            if (permitted && _state == BreakerState.HalfOpen) _halfOpenPermits--;
            permit = new BreakerPermit(permitted, _generation);
        }
        Tell(moved);
        return permit;
    }

    /// <summary>Records the outcome of a permitted call.</summary>
    public void Record(BreakerPermit permit, bool failed, TimeSpan duration)
    {
        if (!permit.Permitted) return;
        (BreakerState, BreakerState)? moved = null;
        lock (_lock)
        {
            if (permit.Generation != _generation || _state == BreakerState.Open) return;
            var now = _time.GetTimestamp();
            _window.Record(now, failed, duration > _policy.SlowCallDurationThreshold);
            var totals = _window.Totals(now);
            if (totals.Calls < _window.MinimumCalls) return;
            var exceeded = totals.FailureRate >= _policy.FailureRateThreshold || totals.SlowCallRate >= _policy.SlowCallRateThreshold;
            if (exceeded) moved = MoveTo(BreakerState.Open, now);
            else if (_state == BreakerState.HalfOpen) moved = MoveTo(BreakerState.Closed, now);
        }
        Tell(moved);
    }

    /// <summary>The state and the current window's figures, for the filter's status.</summary>
    public Dictionary<string, object?> Status()
    {
        var state = State;
        WindowTotals totals;
        lock (_lock) totals = _window.Totals(_time.GetTimestamp());
        return new Dictionary<string, object?>
        {
            ["state"] = Name(state),
            ["calls"] = totals.Calls,
            ["failedCalls"] = totals.Failed,
            ["slowCalls"] = totals.Slow,
            ["failureRate"] = totals.Calls < _window.MinimumCalls ? -1.0 : Math.Round(totals.FailureRate, 2),
            ["slowCallRate"] = totals.Calls < _window.MinimumCalls ? -1.0 : Math.Round(totals.SlowCallRate, 2),
        };
    }

    public static string Name(BreakerState state) => state switch
    {
        BreakerState.Closed => "CLOSED",
        BreakerState.Open => "OPEN",
        _ => "HALF_OPEN",
    };

    /// <summary>The transitions time alone makes: OPEN → HALF_OPEN once the wait is over, HALF_OPEN → OPEN past the max wait.</summary>
    private (BreakerState, BreakerState)? MoveOn(long now)
    {
        var elapsed = _time.GetElapsedTime(_since, now);
        if (_state == BreakerState.Open && elapsed >= _policy.WaitDurationInOpenState) return MoveTo(BreakerState.HalfOpen, now);
        if (_state == BreakerState.HalfOpen && _policy.MaxWaitDurationInHalfOpenState > TimeSpan.Zero
            && elapsed >= _policy.MaxWaitDurationInHalfOpenState)
            return MoveTo(BreakerState.Open, now);
        return null;
    }

    private (BreakerState, BreakerState) MoveTo(BreakerState state, long now)
    {
        var from = _state;
        _state = state;
        _since = now;
        _generation++;
        _window = state == BreakerState.HalfOpen
            ? new CountWindow(_policy.PermittedNumberOfCallsInHalfOpenState, _policy.PermittedNumberOfCallsInHalfOpenState)
            : OutcomeWindow.For(_policy, _time.TimestampFrequency);
        _halfOpenPermits = state == BreakerState.HalfOpen ? _policy.PermittedNumberOfCallsInHalfOpenState : 0;
        return (from, state);
    }

    private void Tell((BreakerState From, BreakerState To)? moved)
    {
        if (moved is { } m) _transitioned?.Invoke(m.From, m.To);
    }
}
