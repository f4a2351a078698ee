using Easegress.Statistics;

namespace Easegress.Filters.Tests.Statistics;

public sealed class HttpStatTests
{
    [Fact]
    public void Known_traffic_gives_exact_counts_codes_sizes_and_latencies_within_precision()
    {
        var stat = new HttpStat(new ManualClock());
        for (var i = 1; i <= 100; i++)
            stat.Record(i <= 90 ? 200 : i <= 95 ? 404 : 503, TimeSpan.FromMilliseconds(i), requestBytes: 10, responseBytes: 100);

        var s = stat.Snapshot();
        Assert.Equal(100, s.Count);
        Assert.Equal(10, s.ErrCount);
        Assert.Equal(new Dictionary<int, long> { [200] = 90, [404] = 5, [503] = 5 }, s.Codes);
        Assert.Equal(1000, s.ReqSize);
        Assert.Equal(10_000, s.RespSize);
        Assert.Equal(1.0, s.Min);
        Assert.Equal(100.0, s.Max);
        Assert.Equal(50.5, s.Mean, 6);
        foreach (var (actual, expected) in new[] { (s.P25, 25.0), (s.P50, 50.0), (s.P75, 75.0), (s.P95, 95.0), (s.P98, 98.0), (s.P99, 99.0), (s.P999, 100.0) })
            Assert.InRange(actual, expected * 0.985, expected * 1.015);
    }

    [Fact]
    public void Rates_tick_every_5_seconds_and_all_three_error_percentages_are_filled()
    {
        var clock = new ManualClock();
        var stat = new HttpStat(clock);
        for (var i = 0; i < 50; i++) stat.Record(i % 5 == 0 ? 500 : 200, TimeSpan.FromMilliseconds(1), 0, 0);

        var before = stat.Snapshot();
        Assert.Equal(0, before.M1);   // no interval has passed yet

        clock.Advance(TimeSpan.FromSeconds(5));
        var status = stat.Snapshot().ToStatus();
        Assert.Equal(10.0, (double)status["m1"]!, 6);   // 50 requests in 5 s
        Assert.Equal(10.0, (double)status["m15"]!, 6);
        Assert.Equal(2.0, (double)status["m1Err"]!, 6);
        foreach (var key in new[] { "m1ErrPercent", "m5ErrPercent", "m15ErrPercent" })
            Assert.Equal(20.0, (double)status[key]!, 6);

        clock.Advance(TimeSpan.FromSeconds(60));   // a quiet minute: the 1-minute rate decays fastest
        var later = stat.Snapshot();
        Assert.True(later.M1 < later.M5 && later.M5 < later.M15 && later.M15 < 10.0);
        Assert.Equal(10.0 * Math.Exp(-1), later.M1, 6);
    }

    [Fact]
    public void The_status_has_Easegress_keys()
    {
        var status = new HttpStat().Snapshot().ToStatus();
        Assert.Equal(["count", "m1", "m5", "m15", "errCount", "m1Err", "m5Err", "m15Err", "m1ErrPercent", "m5ErrPercent", "m15ErrPercent",
            "min", "max", "mean", "p25", "p50", "p75", "p95", "p98", "p99", "p999", "reqSize", "respSize", "codes"], status.Keys);
    }

    [Fact]
    public void A_server_keeps_its_top_paths_by_count()
    {
        var server = new ServerStat(new ManualClock());
        for (var p = 0; p < 12; p++)
            for (var i = 0; i <= p; i++) server.Record($"/p{p}", "b", 200, TimeSpan.Zero, 0, 0);

        var top = server.Top().ToList();
        Assert.Equal(10, top.Count);
        Assert.Equal("/p11", top[0].Path);
        Assert.Equal(12, top[0].Stat.Count);
        Assert.Equal("/p2", top[^1].Path);
        Assert.Equal(78, server.Total.Count);
    }

    [Fact]
    public void Paths_past_the_limit_count_only_for_the_server()
    {
        var server = new ServerStat(new ManualClock());
        for (var p = 0; p < ServerStat.MaxPaths + 50; p++) server.Record($"/scan/{p}", "", 404, TimeSpan.Zero, 0, 0);
        server.Record("/scan/0", "", 404, TimeSpan.Zero, 0, 0);

        Assert.Equal(ServerStat.MaxPaths + 51, server.Total.Count);
        Assert.Equal(ServerStat.MaxPaths, server.Top(int.MaxValue).Count());
        Assert.Equal(("/scan/0", 2L), server.Top(1).Select(t => (t.Path, t.Stat.Count)).Single());
    }

    [Fact]
    public async Task Concurrent_records_from_many_threads_are_all_counted()
    {
        var stat = new HttpStat(new ManualClock());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++) stat.Record(i % 10 == 0 ? 500 : 200, TimeSpan.FromMicroseconds(i % 1000), 3, 5);
        })));

        var s = stat.Snapshot();
        Assert.Equal(160_000, s.Count);
        Assert.Equal(16_000, s.ErrCount);
        Assert.Equal(480_000, s.ReqSize);
        Assert.Equal(800_000, s.RespSize);
        Assert.Equal(160_000, s.Codes.Values.Sum());
        Assert.Equal(160_000, s.LatencyMicros.Sum());
    }
}
