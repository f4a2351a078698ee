using Easegress.Filters;
using Easegress.Filters.CertExtractor;
using Easegress.Filters.CircuitBreaker;
using Easegress.Filters.CORSAdaptor;
using Easegress.Filters.Fallback;
using Easegress.Filters.HeaderToJSON;
using Easegress.Filters.Mock;
using Easegress.Filters.Proxy;
using Easegress.Filters.RateLimiter;
using Easegress.Filters.Redirector;
using Easegress.Filters.RedirectorV2;
using Easegress.Filters.RequestAdaptor;
using Easegress.Filters.ResponseAdaptor;
using Easegress.Filters.Retryer;
using Easegress.Filters.TimeLimiter;
using Easegress.Filters.Validator;
using Easegress.Objects;
using Easegress.Objects.GlobalFilter;
using Easegress.Objects.HTTPServer;
using Easegress.Objects.Pipeline;

namespace Easegress;

/// <summary>
/// The kinds this build has, each registered once by its Easegress name: adding a kind is adding its folder under
/// <c>Filters/</c> or <c>Objects/</c> and one line here. The registries check the kinds when they are built, so a
/// mistake stops the node at start.
/// </summary>
public static class BuiltInKinds
{
    public static FilterRegistry Filters { get; } = new(
    [
        new CORSAdaptorKind(), new CertExtractorKind(), new CircuitBreakerKind(), new FallbackKind(), new HeaderToJSONKind(),
        new MockKind(), new ProxyKind(), new RateLimiterKind(), new RedirectorKind(), new RedirectorV2Kind(),
        new RequestAdaptorKind(), new ResponseAdaptorKind(), new RetryerKind(), new TimeLimiterKind(), new ValidatorKind(),
    ]);

    public static TrafficEnvironmentShape Shape { get; } = new(Filters);

    public static ObjectKindRegistry Objects { get; } = new(
    [
        new HttpServerKind(), new GlobalFilterKind(),
        new PipelineKind("Pipeline", "pl", "pipeline", "pipelines"), new PipelineKind("HTTPPipeline", "httppipeline", "httppipelines"),
    ], Shape);
}
