namespace Easegress.Filters.RateLimiter;

/// <summary>
/// resilience4j's <c>AtomicRateLimiter</c>: time is cut into cycles of <c>limitRefreshPeriod</c> from the limiter's
/// creation, and each cycle brings <c>limitForPeriod</c> permits (unused ones do not pile up beyond that). A request that
/// finds none reserves one of a coming cycle when that cycle starts within <c>timeoutDuration</c> — the permit count
/// then goes below zero, so reservations are served in the order they were made — and is refused otherwise, at once
/// (resilience4j sleeps through the timeout before refusing; Easegress, and this, do not). The state is two numbers
/// under a lock held for a few instructions; waiting is the caller's, on a timer. The limit per cycle can change while
/// it runs (a cluster-wide limit is re-shared when members come and go); a limit of 0 refuses everything.
/// </summary>
internal sealed class PermitLimiter
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long _period;
    private readonly long _timeout;
    private int _limit;
    private long _cycle;
    private long _permits;
    private int _waiting;

    public PermitLimiter(RateLimitPolicySpec policy, int limit, TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
        _period = policy.LimitRefreshPeriod.Ticks;
        _timeout = policy.TimeoutDuration.Ticks;
        _limit = limit;
        _permits = _limit;
        PolicyLimit = policy.LimitForPeriod;
    }

    /// <summary>The policy's permits per period, before any sharing out across the cluster.</summary>
    public int PolicyLimit { get; }

    /// <summary>Permits per cycle.</summary>
    public int Limit
    {
        get { lock (_lock) return _limit; }
    }

    /// <summary>Takes a new number of permits per cycle, at once: the permits the current cycle has given out count
    /// against the new number (giving out more than it is no debt for the next cycle); reservations made already
    /// stand.</summary>
    public void SetLimit(int limit)
    {
        var cycle = Elapsed() / _period;
        lock (_lock)
        {
            if (cycle > _cycle)
            {
                _permits = Refreshed(cycle);
                _cycle = cycle;
            }
            if (_permits > 0) _permits = Math.Clamp(_permits + limit - _limit, 0, limit);
            else if (_permits == 0 && limit > _limit) _permits = Math.Min(limit - _limit, limit);
            _limit = limit;
        }
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
            if (_limit == 0) return Permit.Refused;
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
