namespace Easegress.Resilience;

/// <summary>What a window holds: how many calls, how many of them failed, how many were slow.</summary>
internal readonly record struct WindowTotals(int Calls, int Failed, int Slow)
{
    public double FailureRate => Calls == 0 ? 0 : Failed * 100.0 / Calls;
    public double SlowCallRate => Calls == 0 ? 0 : Slow * 100.0 / Calls;
}

/// <summary>resilience4j's sliding window of call outcomes, by count or by time.</summary>
internal abstract class OutcomeWindow
{
    /// <param name="now">A timestamp of the breaker's clock.</param>
    public abstract void Record(long now, bool failed, bool slow);

    public abstract WindowTotals Totals(long now);

    /// <summary>The calls the window needs before its rates count.</summary>
    public abstract int MinimumCalls { get; }

    public static OutcomeWindow For(CircuitBreakerPolicySpec policy, long timestampFrequency) => policy.IsTimeBased
        ? new TimeWindow(policy.SlidingWindowSize, policy.MinimumNumberOfCalls, timestampFrequency)
        : new CountWindow(policy.SlidingWindowSize, policy.MinimumNumberOfCalls);
}

/// <summary><c>COUNT_BASED</c>: the last <c>size</c> calls, in a ring. As in resilience4j the minimum number of calls
/// is at most the window's size.</summary>
internal sealed class CountWindow(int size, int minimumCalls) : OutcomeWindow
{
    private const byte Failed = 1;
    private const byte Slow = 2;

    private readonly byte[] _outcomes = new byte[size];
    private int _next;
    private int _calls;
    private int _failed;
    private int _slow;

    public override int MinimumCalls { get; } = Math.Min(minimumCalls, size);

    public override void Record(long now, bool failed, bool slow)
    {
        if (_calls == _outcomes.Length)
        {
            var dropped = _outcomes[_next];
            if ((dropped & Failed) != 0) _failed--;
            if ((dropped & Slow) != 0) _slow--;
        }
        else _calls++;
        _outcomes[_next] = (byte)((failed ? Failed : 0) | (slow ? Slow : 0));
        if (failed) _failed++;
        if (slow) _slow++;
        _next = (_next + 1) % _outcomes.Length;
    }

    public override WindowTotals Totals(long now) => new(_calls, _failed, _slow);
}

/// <summary><c>TIME_BASED</c>: the calls of the last <c>seconds</c> whole seconds of the clock (the current one included),
/// one bucket per second.</summary>
internal sealed class TimeWindow(int seconds, int minimumCalls, long timestampFrequency) : OutcomeWindow
{
    private readonly Bucket[] _buckets = new Bucket[seconds];

    public override int MinimumCalls { get; } = minimumCalls;

    public override void Record(long now, bool failed, bool slow)
    {
        var second = now / timestampFrequency;
        ref var bucket = ref _buckets[second % _buckets.Length];
        if (bucket.Second != second || bucket.Calls == 0) bucket = new Bucket { Second = second };
        bucket.Calls++;
        if (failed) bucket.Failed++;
        if (slow) bucket.Slow++;
    }

    public override WindowTotals Totals(long now)
    {
        var second = now / timestampFrequency;
        int calls = 0, failed = 0, slow = 0;
        foreach (var bucket in _buckets)
        {
            if (bucket.Calls == 0 || bucket.Second <= second - _buckets.Length) continue;
            calls += bucket.Calls;
            failed += bucket.Failed;
            slow += bucket.Slow;
        }
        return new WindowTotals(calls, failed, slow);
    }

    private struct Bucket
    {
        public long Second;
        public int Calls;
        public int Failed;
        public int Slow;
    }
}
