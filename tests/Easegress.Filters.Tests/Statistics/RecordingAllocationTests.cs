using Easegress.Statistics;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Statistics;

/// <summary>Issue 8: recording a request in the statistics allocates nothing once its path and backend are known
/// (the first request of a path makes its counters; every later one only adds to them).</summary>
public sealed class RecordingAllocationTests
{
    [Fact]
    public void Recording_in_server_path_backend_and_pool_statistics_allocates_nothing()
    {
        var server = new ServerStat(new ManualClock());
        var pool = new HttpStat(new ManualClock(), sizeHistograms: true);
        string[] paths = ["/a", "/b/c", "/"];
        var codes = new[] { 200, 404, 503, 200 };
        void Record(int i)
        {
            var duration = TimeSpan.FromMicroseconds(50 + i % 5000);
            server.Record(paths[i % paths.Length], "pipeline-demo", codes[i % codes.Length], duration, i % 1024, i % 4096);
            pool.Record(codes[i % codes.Length], duration, i % 1024, i % 4096);
        }
        for (var i = 0; i < 1_000; i++) Record(i);   // every path, code and histogram bucket seen once

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 100_000; i++) Record(i); }));
        Assert.Equal(301_000, server.Total.Count);
        Assert.Equal(301_000, pool.Count);
    }
}
