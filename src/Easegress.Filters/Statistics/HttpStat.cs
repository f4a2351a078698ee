namespace Easegress.Statistics;

/// <summary>
/// The statistics of one stream of HTTP requests (a server, one of its paths, a proxy pool) or of a filter's runs, as
/// Easegress's <c>httpstat</c> reports them. Recording takes no lock and allocates nothing: striped interlocked counters,
/// a log-bucketed latency histogram and a fixed table of status codes. Everything is cumulative.
/// </summary>
public sealed class HttpStat
{
    private const int CodeLimit = 600;

    private readonly RateMeter _requests;
    private readonly RateMeter _errors;
    private readonly LogHistogram _latencyMicros = new();
    private readonly LogHistogram? _requestSizes;
    private readonly LogHistogram? _responseSizes;
    private readonly long[] _codes = new long[CodeLimit];
    private readonly StripedCounter _count = new();
    private readonly StripedCounter _errCount = new();
    private readonly StripedCounter _totalMicros = new();
    private long _minMicros = long.MaxValue;
    private long _maxMicros;
    private readonly StripedCounter _reqSize = new();
    private readonly StripedCounter _respSize = new();

    /// <param name="time">The clock the rates tick by.</param>
    /// <param name="sizeHistograms">Also keep histograms of request and response sizes (for Prometheus).</param>
    public HttpStat(TimeProvider? time = null, bool sizeHistograms = false)
    {
        if (sizeHistograms)
        {
            _requestSizes = new LogHistogram();
            _responseSizes = new LogHistogram();
        }
        time ??= TimeProvider.System;
        _requests = new RateMeter(time);
        _errors = new RateMeter(time);
    }

    public long Count => _count.Sum();

    /// <summary>Records one answered request; an error is a status of 400 or more.</summary>
    public void Record(int statusCode, TimeSpan duration, long requestBytes, long responseBytes)
    {
        Record(statusCode >= 400, duration);
        Interlocked.Increment(ref _codes[(uint)statusCode < CodeLimit ? statusCode : 0]);
        _reqSize.Add(Math.Max(0, requestBytes));
        _respSize.Add(Math.Max(0, responseBytes));
        _requestSizes?.Record(requestBytes);
        _responseSizes?.Record(responseBytes);
    }

    /// <summary>Records one run that has no status or sizes (a filter's): its duration and whether it failed.</summary>
    public void Record(bool failed, TimeSpan duration)
    {
        var micros = Math.Max(0, duration.Ticks / TimeSpan.TicksPerMicrosecond);
        _count.Increment();
        _requests.Mark();
        if (failed)
        {
            _errCount.Increment();
            _errors.Mark();
        }
        _latencyMicros.Record(micros);
        _totalMicros.Add(micros);
        LowerTo(ref _minMicros, micros);
        RaiseTo(ref _maxMicros, micros);
    }

    public HttpStatSnapshot Snapshot()
    {
        var count = _count.Sum();
        var latency = _latencyMicros.Snapshot();
        var recorded = 0L;
        foreach (var c in latency) recorded += c;
        var codes = new SortedDictionary<int, long>();
        for (var i = 0; i < _codes.Length; i++)
            if (Volatile.Read(ref _codes[i]) is var n and > 0) codes[i] = n;
        var (m1, m5, m15) = _requests.Rates();
        var (e1, e5, e15) = _errors.Rates();
        var min = Volatile.Read(ref _minMicros);
        return new HttpStatSnapshot
        {
            Count = count,
            M1 = m1, M5 = m5, M15 = m15,
            ErrCount = _errCount.Sum(),
            M1Err = e1, M5Err = e5, M15Err = e15,
            Min = min == long.MaxValue ? 0 : min / 1000.0,
            Max = Volatile.Read(ref _maxMicros) / 1000.0,
            Mean = count == 0 ? 0 : _totalMicros.Sum() / 1000.0 / count,
            P25 = LogHistogram.Quantile(latency, recorded, 0.25) / 1000.0,
            P50 = LogHistogram.Quantile(latency, recorded, 0.50) / 1000.0,
            P75 = LogHistogram.Quantile(latency, recorded, 0.75) / 1000.0,
            P95 = LogHistogram.Quantile(latency, recorded, 0.95) / 1000.0,
            P98 = LogHistogram.Quantile(latency, recorded, 0.98) / 1000.0,
            P99 = LogHistogram.Quantile(latency, recorded, 0.99) / 1000.0,
            P999 = LogHistogram.Quantile(latency, recorded, 0.999) / 1000.0,
            ReqSize = _reqSize.Sum(),
            RespSize = _respSize.Sum(),
            Codes = codes,
            LatencyMicros = latency,
            RequestSizes = _requestSizes?.Snapshot(),
            ResponseSizes = _responseSizes?.Snapshot(),
        };
    }

    private static void LowerTo(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    private static void RaiseTo(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
