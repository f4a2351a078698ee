using Akka.Streams;
using Easegress.Filters.AccessLogging;
using Easegress.Filters.Filters;
using Easegress.Filters.GlobalFilters;
using Easegress.Filters.Pipelines;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Traffic;

/// <summary>What traffic objects of one node share.</summary>
public sealed class TrafficEnvironment
{
    public required FilterEnvironment Filters { get; init; }
    public required IMaterializer Materializer { get; init; }
    public required IListenerHost Listeners { get; init; }
    public FilterRegistry FilterKinds { get; init; } = FilterRegistry.Default;
    public RuntimeDirectory<PipelineRuntime> Pipelines { get; } = new();
    public RuntimeDirectory<GlobalFilterRuntime> GlobalFilters { get; } = new();
    public ILoggerFactory LoggerFactory => Filters.LoggerFactory;

    /// <summary>Where servers log each request; null when the node runs with <c>disable-access-log</c>.</summary>
    public AccessLog? AccessLog { get; init; }

    /// <summary>How long an old pipeline version or listener may take to finish its requests after an update.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
