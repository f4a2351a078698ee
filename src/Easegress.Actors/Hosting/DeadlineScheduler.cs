using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Easegress.Actors.Hosting;

/// <summary>
/// The actor system's scheduler (timers, heartbeats, retries), on a thread of its own that sleeps until the next
/// deadline. Akka's default wheel wakes every <c>akka.scheduler.tick-duration</c> (10 ms) whether a timer is due or
/// not, through a .NET timer whose continuation wakes a pool thread, and the pool thread then spins before it sleeps
/// again: an idle node spent ~5% of a core on that. This one keeps the wheel's timing — a timer runs at the first
/// tick boundary at or after its deadline, never before, and timers due within the same tick run together, in
/// deadline order — but wakes only for ticks that have something due. Timers run on the scheduler's thread, so they
/// must be quick (as Akka's are: mostly a tell). Repeated timers are rescheduled one interval after
/// they ran; a timer that throws is logged and not run again.
/// </summary>
public sealed class DeadlineScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
{
    /// <summary>The HOCON that makes an actor system use this scheduler (appended: a node's own setting wins).</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(
        $"akka.scheduler.implementation = \"{typeof(DeadlineScheduler).AssemblyQualifiedName}\"");

    /// <summary>Cancelled timers stay queued until they are due; past this many, a purge drops them sooner.</summary>
    private const int PurgeAbove = 1024;

    private readonly long _tick;
    private readonly TimeSpan _shutdownTimeout;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly PriorityQueue<Timer, (long Deadline, long Order)> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private long _order;
    private int _purgeAt = PurgeAbove;
    private bool _stopping;

    public DeadlineScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
        var tick = SchedulerConfig.GetTimeSpan("akka.scheduler.tick-duration", TimeSpan.FromMilliseconds(10));
        if (tick <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(config), tick, "akka.scheduler.tick-duration must be positive");
        _tick = Math.Max(1, (long)(tick.TotalSeconds * Stopwatch.Frequency));
        _shutdownTimeout = SchedulerConfig.GetTimeSpan("akka.scheduler.shutdown-timeout", TimeSpan.FromSeconds(5));
        _thread = new Thread(Run) { IsBackground = true, Name = "Akka scheduler" };
        _thread.Start();
    }

    protected override DateTimeOffset TimeNow => DateTimeOffset.Now;
    public override TimeSpan MonotonicClock => AkkaClock.Elapsed();
    public override TimeSpan HighResMonotonicClock => AkkaClock.ElapsedHighRes();

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender,
        ICancelable cancelable) => Add(delay, TimeSpan.Zero, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver,
        object message, IActorRef sender, ICancelable cancelable) =>
        Add(initialDelay, interval, new Tell(receiver, message, sender), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(delay, TimeSpan.Zero, action, cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action,
        ICancelable cancelable) => Add(initialDelay, interval, new ActionRunnable(action), cancelable);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action,
        ICancelable cancelable) => Add(initialDelay, interval, action, cancelable);

    private void Add(TimeSpan delay, TimeSpan interval, IRunnable action, ICancelable? cancelable)
    {
        var timer = new Timer(action, cancelable, Ticks(interval));
        lock (_gate)
        {
            if (_stopping) throw new SchedulerException("cannot enqueue after timer shutdown");
            var wakeEarlier = !_queue.TryPeek(out _, out var head);
            var deadline = Stopwatch.GetTimestamp() + Ticks(delay);
            Enqueue(timer, deadline);
            if (wakeEarlier || deadline < head.Deadline) Monitor.Pulse(_gate);
            if (_queue.Count > _purgeAt) Purge();
        }
    }

    /// <summary>How many timers are queued, cancelled ones included.</summary>
    internal int Queued { get { lock (_gate) return _queue.Count; } }

    private void Enqueue(Timer timer, long deadline) => _queue.Enqueue(timer, (deadline, _order++));

    /// <summary>Drops cancelled timers (a timeout whose operation finished first leaves one); under the gate.</summary>
    private void Purge()
    {
        var live = new List<(Timer, (long, long))>(_queue.Count);
        while (_queue.TryDequeue(out var timer, out var priority))
            if (!timer.Cancelled) live.Add((timer, priority));
        _queue.EnqueueRange(live);
        _purgeAt = Math.Max(PurgeAbove, 2 * live.Count);
    }

    private void Run()
    {
        var due = new List<Timer>();
        while (true)
        {
            long now;
            lock (_gate)
            {
                while (true)
                {
                    if (_stopping) return;
                    now = Stopwatch.GetTimestamp();
                    if (!_queue.TryPeek(out _, out var head)) { Monitor.Wait(_gate); continue; }
                    var wake = TickAtOrAfter(head.Deadline);
                    if (wake <= now) break;
                    Monitor.Wait(_gate, WaitMilliseconds(wake - now));
                }
                // woken at a tick boundary: everything due by now runs, as the wheel's bucket would
                while (_queue.TryPeek(out _, out var head) && head.Deadline <= now)
                    due.Add(_queue.Dequeue());
            }

            foreach (var timer in due)
            {
                if (timer.Cancelled || !Fire(timer)) continue;
                if (timer.Interval > 0 && !timer.Cancelled)
                    lock (_gate)
                        if (!_stopping) Enqueue(timer, Stopwatch.GetTimestamp() + timer.Interval);
            }
            due.Clear();
        }
    }

    private bool Fire(Timer timer)
    {
        try
        {
            timer.Action.Run();
            return true;
        }
        catch (Exception e)
        {
            Log.Error(e, "Scheduled task {0} failed; it will not run again", timer.Action);
            return false;
        }
    }

    /// <summary>The first tick boundary (counted from the scheduler's start) at or after <paramref name="time"/>.</summary>
    private long TickAtOrAfter(long time)
    {
        var since = time - _started;
        if (since <= 0) return _started;
        return _started + (since + _tick - 1) / _tick * _tick;
    }

    private static int WaitMilliseconds(long ticks) =>
        (int)Math.Clamp((ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency, 1, int.MaxValue);

    private static long Ticks(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Stops the thread, then runs every timer still waiting once, as Akka's own scheduler does when the system stops.</summary>
    public void Dispose()
    {
        List<Timer> waiting;
        lock (_gate)
        {
            if (_stopping) return;
            _stopping = true;
            Monitor.PulseAll(_gate);
            waiting = new List<Timer>(_queue.Count);
            while (_queue.TryDequeue(out var timer, out _)) waiting.Add(timer);
        }
        if (Thread.CurrentThread != _thread && !_thread.Join(_shutdownTimeout))
            Log.Warning("The scheduler's thread did not stop within {0}", _shutdownTimeout);
        foreach (var timer in waiting)
        {
            if (timer.Cancelled) continue;
            try { timer.Action.Run(); }
            catch (SchedulerException) { }   // from actors already stopped
            catch (Exception e) { Log.Error(e, "Scheduled task {0} failed at shutdown", timer.Action); }
        }
    }

    private sealed class Timer(IRunnable action, ICancelable? cancelable, long interval)
    {
        public IRunnable Action { get; } = action;
        public long Interval { get; } = interval;
        public bool Cancelled => cancelable?.IsCancellationRequested ?? false;
    }

    private sealed class Tell(ICanTell receiver, object message, IActorRef sender) : IRunnable
    {
        public void Run() => receiver.Tell(message, sender);
        public void Execute() => Run();
        public override string ToString() => $"[{receiver}.Tell({message}, {sender})]";
    }

    /// <summary>
    /// Akka's own monotonic clock (internal to Akka), which its wheel scheduler reports: parts of Akka may compare its
    /// readings with the scheduler's, so both must count from the same start. Falls back to a clock of its own if a
    /// later Akka no longer has it.
    /// </summary>
    private static class AkkaClock
    {
        private static readonly long Start = Stopwatch.GetTimestamp();
        public static readonly Func<TimeSpan> Elapsed = Bind("Elapsed");
        public static readonly Func<TimeSpan> ElapsedHighRes = Bind("ElapsedHighRes");

        private static Func<TimeSpan> Bind(string property) =>
            typeof(ActorSystem).Assembly.GetType("Akka.Util.MonotonicClock")
                ?.GetProperty(property, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
                ?.GetMethod is { ReturnType: var type } getter && type == typeof(TimeSpan)
                ? getter.CreateDelegate<Func<TimeSpan>>()
                : () => Stopwatch.GetElapsedTime(Start);
    }
}
