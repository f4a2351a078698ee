namespace Easegress.Statistics;

/// <summary>A running object (or filter) that exposes Prometheus metrics.</summary>
public interface IMetricSource
{
    /// <param name="metrics">Where the samples go.</param>
    /// <param name="node">This node's labels: clusterName, clusterRole, instanceName.</param>
    void CollectMetrics(MetricFamilies metrics, Labels node);
}
