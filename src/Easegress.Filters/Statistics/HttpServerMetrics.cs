namespace Easegress.Statistics;

/// <summary>An HTTPServer's Prometheus metrics, with Easegress's names: one series per backend pipeline.</summary>
public static class HttpServerMetrics
{
    public static void Collect(MetricFamilies metrics, Labels node, string name, string routerKind, ServerStat stat)
    {
        var server = node.With(new Labels(("name", name), ("kind", "HTTPServer")));
        metrics.Gauge("httpserver_health", "Whether the HTTPServer is running (1) or not (0).", server, 1);
        foreach (var (backend, s) in stat.Backends())
        {
            var labels = server.With(new Labels(("routerKind", routerKind), ("backend", backend)));
            metrics.Counter("httpserver_total_requests", "Requests the HTTPServer received.", labels, s.Count);
            metrics.Counter("httpserver_total_responses", "Responses the HTTPServer sent.", labels, s.Count);
            metrics.Counter("httpserver_total_error_requests", "Requests answered with a status of 400 or more.", labels, s.ErrCount);
            metrics.Histogram("httpserver_requests_duration", "Request durations in milliseconds.", labels,
                s.LatencyMicros, 1000, s.Mean * s.Count, MetricBuckets.DurationMs);
            metrics.Histogram("httpserver_requests_size_bytes", "Request body sizes in bytes.", labels,
                s.RequestSizes!, 1, s.ReqSize, MetricBuckets.SizeBytes);
            metrics.Histogram("httpserver_responses_size_bytes", "Response body sizes in bytes.", labels,
                s.ResponseSizes!, 1, s.RespSize, MetricBuckets.SizeBytes);
        }
    }
}
