using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Easegress.Actors.Hosting;

namespace Easegress.Actors.Tests;

public sealed class DeadlineSchedulerTests() : Akka.TestKit.Xunit2.TestKit(
    ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(DeadlineScheduler.Config))
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private DeadlineScheduler NewScheduler() => new(Sys.Settings.Config, NoLogger.Instance);

    private static IAdvancedScheduler Timers(IScheduler scheduler) => scheduler.Advanced;

    [Fact]
    public void The_actor_system_uses_it_and_tells_land()
    {
        Assert.IsType<DeadlineScheduler>(Sys.Scheduler);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(30), TestActor, "tick", ActorRefs.NoSender);
        ExpectMsg("tick", Patience);
    }

    [Fact]
    public async Task A_timer_never_runs_before_its_deadline()
    {
        using var scheduler = NewScheduler();
        for (var i = 0; i < 5; i++)
        {
            var ran = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            var watch = Stopwatch.StartNew();
            Timers(scheduler).ScheduleOnce(TimeSpan.FromMilliseconds(25), () => ran.SetResult(watch.Elapsed));
            Assert.True(await ran.Task.WaitAsync(Patience) >= TimeSpan.FromMilliseconds(25));
        }
    }

    [Fact]
    public async Task Timers_run_in_deadline_order_whatever_order_they_were_added_in()
    {
        using var scheduler = NewScheduler();
        var order = new ConcurrentQueue<int>();
        var all = new CountdownEvent(5);
        foreach (var delay in new[] { 90, 15, 60, 30, 45 })
            Timers(scheduler).ScheduleOnce(TimeSpan.FromMilliseconds(delay), () => { order.Enqueue(delay); all.Signal(); });
        Assert.True(await Task.Run(() => all.Wait(Patience)));
        Assert.Equal([15, 30, 45, 60, 90], order.ToArray());
    }

    [Fact]
    public async Task An_earlier_timer_added_while_the_thread_sleeps_wakes_it()
    {
        using var scheduler = NewScheduler();
        var late = new Cancelable((IScheduler)scheduler);
        Timers(scheduler).ScheduleOnce(TimeSpan.FromMinutes(10), () => { }, late);
        await Task.Delay(50);   // the thread now sleeps until the far deadline
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        Timers(scheduler).ScheduleOnce(TimeSpan.FromMilliseconds(20), ran.SetResult);
        await ran.Task.WaitAsync(Patience);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(10));
        late.Cancel();
    }

    [Fact]
    public async Task A_repeated_timer_runs_until_it_is_cancelled()
    {
        using var scheduler = NewScheduler();
        var runs = 0;
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelable = new Cancelable((IScheduler)scheduler);
        Timers(scheduler).ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), () =>
        {
            if (Interlocked.Increment(ref runs) == 3) three.SetResult();
        }, cancelable);
        await three.Task.WaitAsync(Patience);
        cancelable.Cancel();
        var atCancel = Volatile.Read(ref runs);
        await Task.Delay(200);
        Assert.InRange(Volatile.Read(ref runs), atCancel, atCancel + 1);   // one may have been running as it was cancelled
    }

    [Fact]
    public async Task A_cancelled_timer_never_runs()
    {
        using var scheduler = NewScheduler();
        var cancelled = false;
        var cancelable = new Cancelable((IScheduler)scheduler);
        Timers(scheduler).ScheduleOnce(TimeSpan.FromMilliseconds(30), () => cancelled = true, cancelable);
        cancelable.Cancel();
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Timers(scheduler).ScheduleOnce(TimeSpan.FromMilliseconds(60), later.SetResult);
        await later.Task.WaitAsync(Patience);
        Assert.False(cancelled);
    }

    [Fact]
    public void A_timer_that_throws_is_logged_and_not_run_again_while_others_go_on()
    {
        var failures = 0;
        var cancelable = new Cancelable(Sys.Scheduler);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() =>
            Sys.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), () =>
            {
                Interlocked.Increment(ref failures);
                throw new InvalidOperationException("broken timer");
            }, cancelable));
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "still ticking", ActorRefs.NoSender);
        ExpectMsg("still ticking", Patience);
        Assert.Equal(1, Volatile.Read(ref failures));
        cancelable.Cancel();
    }

    [Fact]
    public void Cancelled_timers_do_not_pile_up()
    {
        using var scheduler = NewScheduler();
        for (var i = 0; i < 10_000; i++)
        {
            var cancelable = new Cancelable((IScheduler)scheduler);
            Timers(scheduler).ScheduleOnce(TimeSpan.FromHours(1), () => { }, cancelable);
            cancelable.Cancel();   // as a timeout whose operation finished first
        }
        Assert.InRange(scheduler.Queued, 1, 2048);
    }

    [Fact]
    public void Disposing_runs_the_waiting_timers_once_and_refuses_new_ones()
    {
        var scheduler = NewScheduler();
        var runs = 0;
        var cancelledRuns = 0;
        Timers(scheduler).ScheduleOnce(TimeSpan.FromMinutes(10), () => Interlocked.Increment(ref runs));
        var cancelable = new Cancelable((IScheduler)scheduler);
        Timers(scheduler).ScheduleOnce(TimeSpan.FromMinutes(10), () => Interlocked.Increment(ref cancelledRuns), cancelable);
        cancelable.Cancel();

        scheduler.Dispose();

        Assert.Equal(1, runs);
        Assert.Equal(0, cancelledRuns);
        Assert.Throws<SchedulerException>(() => Timers(scheduler).ScheduleOnce(TimeSpan.Zero, () => { }));
    }

    [Fact]
    public void A_tick_duration_that_is_not_positive_is_refused()
    {
        var config = ConfigurationFactory.ParseString("akka.scheduler.tick-duration = 0s").WithFallback(Sys.Settings.Config);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineScheduler(config, NoLogger.Instance));
        Assert.Contains("akka.scheduler.tick-duration", error.Message);
    }

    [Fact]
    public void Its_clock_is_the_one_Akka_reads()
    {
        using var scheduler = NewScheduler();
        using var wheel = new HashedWheelTimerScheduler(Sys.Settings.Config, NoLogger.Instance);
        var before = scheduler.HighResMonotonicClock;
        var akkas = wheel.HighResMonotonicClock;
        var after = scheduler.HighResMonotonicClock;
        Assert.InRange(akkas, before, after);   // one clock read three times, not two clocks with different starts
    }
}
