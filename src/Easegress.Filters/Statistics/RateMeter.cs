namespace Easegress.Statistics;

/// <summary>
/// Counts events and keeps their 1, 5 and 15 minute rates. <see cref="Mark"/> is one striped interlocked add; the rates are
/// ticked (every 5 s of elapsed time) when they are read, so no timer runs per meter.
/// </summary>
internal sealed class RateMeter(TimeProvider time)
{
    private const long MaxTicksPerRead = 2000;

    private readonly Ewma _m1 = new(1), _m5 = new(5), _m15 = new(15);
    private readonly Lock _read = new();
    private readonly StripedCounter _pending = new();
    private long _lastTick = time.GetTimestamp();

    public void Mark() => _pending.Increment();

    public (double M1, double M5, double M15) Rates()
    {
        lock (_read)
        {
            var now = time.GetTimestamp();
            var ticks = (long)(time.GetElapsedTime(_lastTick, now) / Ewma.TickInterval);
            if (ticks > 0)
            {
                var events = _pending.Take();
                // after a long quiet spell, enough ticks to decay every rate to nothing
                for (var i = 0; i < Math.Min(ticks, MaxTicksPerRead); i++)
                {
                    // what arrived since the last read counts for the first interval; the others saw none
                    var count = i == 0 ? events : 0;
                    _m1.Tick(count);
                    _m5.Tick(count);
                    _m15.Tick(count);
                }
                _lastTick += (long)(ticks * Ewma.TickInterval.TotalSeconds * time.TimestampFrequency);
            }
            return (_m1.Rate, _m5.Rate, _m15.Rate);
        }
    }
}
