namespace Easegress.Statistics;

/// <summary>An <see cref="HttpStat"/> at one moment: rates in requests per second, latencies in milliseconds,
/// sizes in bytes.</summary>
public sealed class HttpStatSnapshot
{
    public long Count { get; init; }
    public double M1 { get; init; }
    public double M5 { get; init; }
    public double M15 { get; init; }
    public long ErrCount { get; init; }
    public double M1Err { get; init; }
    public double M5Err { get; init; }
    public double M15Err { get; init; }
    public double Min { get; init; }
    public double Max { get; init; }
    public double Mean { get; init; }
    public double P25 { get; init; }
    public double P50 { get; init; }
    public double P75 { get; init; }
    public double P95 { get; init; }
    public double P98 { get; init; }
    public double P99 { get; init; }
    public double P999 { get; init; }
    public long ReqSize { get; init; }
    public long RespSize { get; init; }
    public required IReadOnlyDictionary<int, long> Codes { get; init; }

    /// <summary>The latency histogram's counts (microseconds, <see cref="LogHistogram"/> buckets), for Prometheus.</summary>
    public required long[] LatencyMicros { get; init; }

    /// <summary>Request and response sizes in bytes, when the stat keeps them.</summary>
    public long[]? RequestSizes { get; init; }
    public long[]? ResponseSizes { get; init; }

    /// <summary>Error rate as a percentage of the request rate over the same window (all three windows, unlike Easegress,
    /// which only fills the first).</summary>
    public static double Percent(double errors, double requests) => requests <= 0 ? 0 : errors / requests * 100;

    /// <summary>Writes the <c>httpstat</c> fields, with Easegress's names, into a status map.</summary>
    public void WriteTo(IDictionary<string, object?> status)
    {
        status["count"] = Count;
        status["m1"] = M1;
        status["m5"] = M5;
        status["m15"] = M15;
        status["errCount"] = ErrCount;
        status["m1Err"] = M1Err;
        status["m5Err"] = M5Err;
        status["m15Err"] = M15Err;
        status["m1ErrPercent"] = Percent(M1Err, M1);
        status["m5ErrPercent"] = Percent(M5Err, M5);
        status["m15ErrPercent"] = Percent(M15Err, M15);
        status["min"] = Min;
        status["max"] = Max;
        status["mean"] = Mean;
        status["p25"] = P25;
        status["p50"] = P50;
        status["p75"] = P75;
        status["p95"] = P95;
        status["p98"] = P98;
        status["p99"] = P99;
        status["p999"] = P999;
        status["reqSize"] = ReqSize;
        status["respSize"] = RespSize;
        status["codes"] = Codes.ToDictionary(c => c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Value);
    }

    public Dictionary<string, object?> ToStatus()
    {
        var status = new Dictionary<string, object?>();
        WriteTo(status);
        return status;
    }
}
