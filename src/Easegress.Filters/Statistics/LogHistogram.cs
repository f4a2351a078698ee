namespace Easegress.Statistics;

/// <summary>
/// A fixed-bucket, log-linear histogram of non-negative integers (HdrHistogram's layout): values below 64 have a
/// bucket each; above, every power of two is split into 64 equal buckets, so a bucket is at most 1/64 (1.6%) of its
/// values wide. Recording is one <see cref="Interlocked.Increment(ref long)"/>: no lock, no allocation. Readers take
/// a copy of the counts; a read racing with writes sees each count either before or after the write.
/// </summary>
public sealed class LogHistogram
{
    private const int SubBits = 6;
    private const int SubCount = 1 << SubBits;   // 64
    private const int MaxShift = 40;             // values up to 2^46 (in µs: 2.2 years)

    private readonly long[] _counts = new long[SubCount + (MaxShift + 1) * SubCount];

    public static int BucketCount => SubCount + (MaxShift + 1) * SubCount;

    public void Record(long value) => Interlocked.Increment(ref _counts[IndexOf(value)]);

    public static int IndexOf(long value)
    {
        if (value < SubCount) return value < 0 ? 0 : (int)value;
        var magnitude = 63 - (int)long.LeadingZeroCount(value);
        var shift = magnitude - SubBits;
        if (shift > MaxShift) return BucketCount - 1;
        var sub = (int)(value >> shift) - SubCount;
        return SubCount + shift * SubCount + sub;
    }

    /// <summary>The smallest value that falls into the bucket.</summary>
    public static long LowerBound(int index)
    {
        if (index < SubCount) return index;
        var shift = (index - SubCount) / SubCount;
        var sub = (index - SubCount) % SubCount;
        return (long)(SubCount + sub) << shift;
    }

    /// <summary>The largest value that falls into the bucket.</summary>
    public static long UpperBound(int index) => index < SubCount ? index : LowerBound(index + 1) - 1;

    /// <summary>A copy of every bucket's count, to compute percentiles and cumulative buckets from.</summary>
    public long[] Snapshot()
    {
        var copy = new long[_counts.Length];
        for (var i = 0; i < copy.Length; i++) copy[i] = Volatile.Read(ref _counts[i]);
        return copy;
    }

    /// <summary>The value below which <paramref name="quantile"/> of the recorded values lie (the middle of its
    /// bucket); 0 when nothing was recorded.</summary>
    public static double Quantile(long[] counts, long total, double quantile)
    {
        if (total <= 0) return 0;
        var rank = (long)Math.Ceiling(quantile * total);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank) return (LowerBound(i) + UpperBound(i)) / 2.0;
        }
        return UpperBound(counts.Length - 1);
    }

    /// <summary>How many recorded values are at most <paramref name="bound"/> (to bucket precision).</summary>
    public static long CountAtMost(long[] counts, double bound)
    {
        long sum = 0;
        for (var i = 0; i < counts.Length && UpperBound(i) <= bound; i++) sum += counts[i];
        return sum;
    }
}
