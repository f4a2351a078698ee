using Easegress.Statistics;

namespace Easegress.Filters.Tests.Statistics;

public sealed class LogHistogramTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(63L)]
    [InlineData(64L)]
    [InlineData(1_000L)]
    [InlineData(123_456L)]
    [InlineData(5_000_000_000L)]
    public void Every_value_falls_into_a_bucket_at_most_1_6_percent_wide_that_holds_it(long value)
    {
        var index = LogHistogram.IndexOf(value);
        Assert.InRange(value, LogHistogram.LowerBound(index), LogHistogram.UpperBound(index));
        var width = LogHistogram.UpperBound(index) - LogHistogram.LowerBound(index) + 1;
        Assert.True(width <= Math.Max(1, value / 64.0) + 1e-9, $"bucket of {value} is {width} wide");
    }

    [Fact]
    public void Buckets_tile_the_range_without_gaps()
    {
        for (var i = 0; i < LogHistogram.BucketCount - 1; i++)
            Assert.Equal(LogHistogram.UpperBound(i) + 1, LogHistogram.LowerBound(i + 1));
    }

    [Fact]
    public void Quantiles_of_1_to_10000_are_within_bucket_precision()
    {
        var histogram = new LogHistogram();
        for (var v = 1; v <= 10_000; v++) histogram.Record(v);
        var counts = histogram.Snapshot();
        foreach (var (q, expected) in new[] { (0.25, 2500.0), (0.5, 5000.0), (0.99, 9900.0), (0.999, 9990.0) })
        {
            var actual = LogHistogram.Quantile(counts, 10_000, q);
            Assert.InRange(actual, expected * 0.985, expected * 1.015);
        }
        Assert.Equal(1000, LogHistogram.CountAtMost(counts, 1000), 10.0);   // at the edge, within one bucket
        Assert.Equal(10_000, LogHistogram.CountAtMost(counts, double.PositiveInfinity));
    }

    [Fact]
    public async Task Concurrent_recording_loses_nothing()
    {
        var histogram = new LogHistogram();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100_000; i++) histogram.Record(i % 5000);
        })));
        Assert.Equal(800_000, histogram.Snapshot().Sum());
    }
}
