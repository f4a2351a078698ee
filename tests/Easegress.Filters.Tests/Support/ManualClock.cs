namespace Easegress.Filters.Tests.Support;

/// <summary>
/// A clock that moves only when told: <see cref="Advance"/> moves it and fires the timers that fall due, earliest first
/// (timers due together fire in the order they were created).
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _ticks;
    private long _created;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() { lock (_lock) return _ticks; }
    public override DateTimeOffset GetUtcNow() { lock (_lock) return new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks); }

    /// <summary>Timers not yet fired nor disposed.</summary>
    public int PendingTimers { get { lock (_lock) return _timers.Count(t => t.Due is not null); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            var timer = new ManualTimer(this, callback, state, _created++);
            _timers.Add(timer);
            timer.Schedule(dueTime);
            return timer;
        }
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock) target = _ticks + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).ThenBy(t => t.Order).FirstOrDefault();
                if (next is null) { _ticks = target; return; }
                _ticks = Math.Max(_ticks, next.Due!.Value);
                next.Due = null;
            }
            next.Fire();
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state, long order) : ITimer
    {
        public long Order { get; } = order;
        public long? Due { get; set; }

        public void Schedule(TimeSpan dueTime) =>
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._ticks + Math.Max(0, dueTime.Ticks);

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock) Schedule(dueTime);
            return true;
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                Due = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
