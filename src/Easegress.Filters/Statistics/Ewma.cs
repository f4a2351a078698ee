namespace Easegress.Statistics;

/// <summary>
/// An exponentially weighted moving average of a per-second rate, ticked every 5 seconds as Go-metrics (and so
/// Easegress) does. Not thread-safe: <see cref="RateMeter"/> ticks it under its read lock.
/// </summary>
internal sealed class Ewma(double minutes)
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(5);

    private readonly double _alpha = 1 - Math.Exp(-TickInterval.TotalSeconds / 60.0 / minutes);
    private bool _started;

    /// <summary>Events per second.</summary>
    public double Rate { get; private set; }

    public void Tick(long events)
    {
        var instant = events / TickInterval.TotalSeconds;
        if (_started) Rate += _alpha * (instant - Rate);
        else
        {
            Rate = instant;
            _started = true;
        }
    }
}
