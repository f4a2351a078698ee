namespace Easegress.Statistics;

/// <summary>The Prometheus histogram bounds Easegress.NET exposes.</summary>
public static class MetricBuckets
{
    /// <summary>Request durations, in milliseconds.</summary>
    public static readonly double[] DurationMs = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    /// <summary>Body sizes, in bytes.</summary>
    public static readonly double[] SizeBytes = [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216];
}
