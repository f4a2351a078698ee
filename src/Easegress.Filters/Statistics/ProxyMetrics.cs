namespace Easegress.Statistics;

/// <summary>A Proxy pool's Prometheus metrics, with Easegress's names (plus <c>pipeline</c> and <c>pool</c> labels,
/// so that two Proxy filters of the same name, or two pools of one Proxy, stay distinct series).</summary>
public static class ProxyMetrics
{
    /// <param name="metrics">Where the samples go.</param>
    /// <param name="node">The node's labels and the pipeline's.</param>
    public static void Collect(MetricFamilies metrics, Labels node, string filter, string pool,
        string loadBalancePolicy, string filterPolicy, HttpStatSnapshot s)
    {
        var labels = node.With(new Labels(("name", filter), ("kind", "Proxy"), ("loadBalancePolicy", loadBalancePolicy),
            ("filterPolicy", filterPolicy), ("pool", pool)));
        metrics.Counter("proxy_total_connections", "Requests the pool forwarded.", labels, s.Count);
        metrics.Counter("proxy_total_error_connections", "Forwards that ended with a status of 400 or more.", labels, s.ErrCount);
        metrics.Histogram("proxy_request_body_size", "Request body sizes in bytes.", labels, s.RequestSizes!, 1, s.ReqSize, MetricBuckets.SizeBytes);
        metrics.Histogram("proxy_response_body_size", "Response body sizes in bytes.", labels, s.ResponseSizes!, 1, s.RespSize, MetricBuckets.SizeBytes);
    }
}
