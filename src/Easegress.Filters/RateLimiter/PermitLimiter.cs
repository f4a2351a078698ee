namespace Easegress.Filters.RateLimiter;

/// <summary>
/// resilience4j's <c>AtomicRateLimiter</c>: time is cut into cycles of <c>limitRefreshPeriod</c> from the limiter's
/// creation, and each cycle brings <c>limitForPeriod</c> permits (unused ones do not pile up beyond that). A request that
/// finds none reserves one of a coming cycle when that cycle starts within <c>timeoutDuration</c> — the permit count
/// then goes below zero, so reservations are served in the order they were made — and is refused otherwise, at once
/// (resilience4j sleeps through the timeout before refusing; Easegress, and this, do not). The state is two numbers
/// under a lock held for a few instructions; waiting is the caller's, on a timer.
/// </summary>
internal sealed class PermitLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _period;
    private readonly long _timeout;
    private readonly int _limit;
    private long _cycle;
    private long _permits;
    private int _waiting;

    public PermitLimiter(RateLimitPolicySpec policy, TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
        _period = policy.LimitRefreshPeriod.Ticks;
        _timeout = policy.TimeoutDuration.Ticks;
        _limit = policy.LimitForPeriod;
        _permits = _limit;
    }

    /// <summary>Permits of the current cycle not yet taken; below zero, the number reserved in coming cycles.</summary>
    public long AvailablePermits
    {
        get
        {
            var cycle = Elapsed() / _period;
            lock (_lock) return cycle > _cycle ? Refreshed(cycle) : _permits;
        }
    }

    /// <summary>Requests waiting for a reserved permit now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public Permit Acquire()
    {
        var now = Elapsed();
        lock (_lock)
        {
            var cycle = now / _period;
            if (cycle > _cycle)
            {
                _permits = Refreshed(cycle);
                _cycle = cycle;
            }
            if (_permits > 0)
            {
                _permits--;
                return Permit.Now;
            }
            // -_permits are reserved already: this one is in the cycle after those
            var wait = (_cycle + 1) * _period - now + -_permits / _limit * _period;
            if (wait > _timeout) return Permit.Refused;
            _permits--;
            return new Permit(true, TimeSpan.FromTicks(wait));
        }
    }

    /// <summary>Waits for a reserved permit on a timer; ends early (throwing) when <paramref name="aborted"/> fires.</summary>
    public async Task WaitAsync(TimeSpan wait, CancellationToken aborted)
    {
        Interlocked.Increment(ref _waiting);
        try { await Task.Delay(wait, _time, aborted).ConfigureAwait(false); }
        finally { Interlocked.Decrement(ref _waiting); }
    }

    private long Refreshed(long cycle) => Math.Min(_permits + (cycle - _cycle) * _limit, _limit);

    private long Elapsed() => _time.GetElapsedTime(_start).Ticks;
}
