namespace Easegress.Statistics;

/// <summary>A filter's Prometheus metrics: how often it ran, how often it returned a result other than "" (an error),
/// and how long it took. Labelled with its pipeline, its name in the flow and its kind.</summary>
public static class FilterMetrics
{
    /// <param name="metrics">Where the samples go.</param>
    /// <param name="pipeline">The node's labels and the pipeline's.</param>
    public static void Collect(MetricFamilies metrics, Labels pipeline, string name, string kind, HttpStatSnapshot s)
    {
        var labels = pipeline.With(new Labels(("name", name), ("kind", kind)));
        metrics.Counter("filter_total_requests", "Requests the filter handled.", labels, s.Count);
        metrics.Counter("filter_total_error_requests", "Requests for which the filter returned a non-empty result.", labels, s.ErrCount);
        metrics.Histogram("filter_requests_duration", "Time the filter took per request, in milliseconds.", labels,
            s.LatencyMicros, 1000, s.Mean * s.Count, MetricBuckets.DurationMs);
    }

    /// <summary>The <c>httpstat</c> fields that mean something for a filter (no status codes, no sizes).</summary>
    public static Dictionary<string, object?> StatusOf(HttpStatSnapshot s)
    {
        var status = s.ToStatus();
        status.Remove("reqSize");
        status.Remove("respSize");
        status.Remove("codes");
        return status;
    }
}
