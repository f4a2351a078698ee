using Easegress.Pipelines;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Resilience;

/// <summary>Pipeline <c>resilience</c> policies and the fields that refer to them: bad ones get a 400 naming the field.</summary>
public sealed class ResilienceSpecTests
{
    private static PipelineDefinition Validate(string yaml) =>
        PipelineDefinition.Validate(TestSpecs.Object<PipelineSpec>(yaml), BuiltInKinds.Filters);

    private static string Error(string resilience, string pool) => Assert.Throws<SpecException>(() => Validate($$"""
        name: p
        kind: Pipeline
        resilience: {{resilience}}
        filters:
        - name: proxy
          kind: Proxy
          pools: [{servers: [{url: 'http://127.0.0.1:1'}], {{pool}}}]
        """)).Message;

    private const string Both = "[{name: cb, kind: CircuitBreaker}, {name: r, kind: Retry}]";

    [Fact]
    public void Pools_find_their_policies_by_name()
    {
        var definition = Validate($$"""
            name: p
            kind: Pipeline
            resilience: {{Both}}
            filters:
            - name: proxy
              kind: Proxy
              pools: [{servers: [{url: 'http://127.0.0.1:1'}], circuitBreakerPolicy: cb, retryPolicy: r}]
            """);
        var pool = ((Easegress.Filters.Proxy.ProxySpec)definition.Steps[0].Spec!).Pools![0];
        Assert.Equal("cb", pool.ResolvedCircuitBreaker!.Name);
        Assert.Equal(3, pool.ResolvedRetry!.MaxAttempts);
    }

    [Theory]
    [InlineData(Both, "circuitBreakerPolicy: nope", "filters[0].pools[0].circuitBreakerPolicy: no resilience policy of the pipeline is named \"nope\"")]
    [InlineData(Both, "retryPolicy: nope", "filters[0].pools[0].retryPolicy: no resilience policy of the pipeline is named \"nope\"")]
    [InlineData(Both, "retryPolicy: cb", "filters[0].pools[0].retryPolicy: resilience policy \"cb\" is not a Retry policy")]
    [InlineData(Both, "circuitBreakerPolicy: r", "filters[0].pools[0].circuitBreakerPolicy: resilience policy \"r\" is not a CircuitBreaker policy")]
    [InlineData("[]", "retryPolicy: r", "filters[0].pools[0].retryPolicy: no resilience policy of the pipeline is named \"r\"")]
    [InlineData("[{name: x, kind: Bulkhead}]", "timeout: 1s", "resilience[0].kind: unknown resilience kind \"Bulkhead\" (CircuitBreaker or Retry)")]
    [InlineData("[{name: x}]", "timeout: 1s", "resilience[0].kind: is required (CircuitBreaker or Retry)")]
    [InlineData("[{name: x, kind: Retry}, {name: x, kind: CircuitBreaker}]", "timeout: 1s", "resilience[1].name: another resilience policy is named \"x\"")]
    [InlineData("[{name: x, kind: Retry, backOffPolicy: LINEAR}]", "timeout: 1s", "resilience[0].backOffPolicy: must be RANDOM or EXPONENTIAL, not \"LINEAR\"")]
    [InlineData("[{name: x, kind: Retry, randomizationFactor: 2}]", "timeout: 1s", "resilience[0].randomizationFactor: must be between 0 and 1")]
    [InlineData("[{name: x, kind: Retry, maxAttempts: 0}]", "timeout: 1s", "resilience[0].maxAttempts: must be at least 1")]
    [InlineData("[{name: x, kind: Retry, failureStatusCodes: [500]}]", "timeout: 1s",
        "resilience[0].failureStatusCodes: belongs to the v1 filters; in a pipeline policy a call fails when the filter's result is not empty (see the pool's failureCodes)")]
    [InlineData("[{name: x, kind: CircuitBreaker, slidingWindowType: SIZE_BASED}]", "timeout: 1s",
        "resilience[0].slidingWindowType: must be COUNT_BASED or TIME_BASED, not \"SIZE_BASED\"")]
    [InlineData("[{name: x, kind: CircuitBreaker, failureRateThreshold: 0}]", "timeout: 1s",
        "resilience[0].failureRateThreshold: must be a percentage above 0, at most 100")]
    [InlineData("[{name: x, kind: CircuitBreaker, waitDurationInOpenState: 0s}]", "timeout: 1s", "resilience[0].waitDurationInOpenState: must be longer than 0")]
    [InlineData("[{name: x, kind: CircuitBreaker, slidingWindowSize: 0}]", "timeout: 1s", "resilience[0].slidingWindowSize: must be at least 1")]
    public void Bad_policies_and_references_name_the_field(string resilience, string pool, string expected)
    {
        Assert.Equal(expected, Error(resilience, pool));
    }

    [Theory]
    [InlineData("CircuitBreaker", "policies: [{name: a}]\nurls: [{url: {prefix: /}, policyRef: b}]", "filters[0].urls[0].policyRef: no policy is named \"b\"")]
    [InlineData("Retryer", "policies: [{name: a}]\nurls: [{url: {prefix: /}}]", "filters[0].urls[0].policyRef: is required when there is no defaultPolicyRef")]
    [InlineData("Retryer", "policies: [{name: a}, {name: a}]\nurls: []", "filters[0].policies[1].name: another policy is named \"a\"")]
    [InlineData("CircuitBreaker", "policies: [{name: a}]\ndefaultPolicyRef: z\nurls: []", "filters[0].defaultPolicyRef: no policy is named \"z\"")]
    [InlineData("CircuitBreaker", "policies: [{name: a, failureStatusCodes: [42]}]\nurls: []", "filters[0].policies[0].failureStatusCodes[0]: 42 is not an HTTP status code")]
    [InlineData("TimeLimiter", "urls: [{url: {exact: /a}, timeoutDuration: 0s}]", "filters[0].urls[0].timeoutDuration: must be longer than 0")]
    [InlineData("TimeLimiter", "defaultTimeoutDuration: 0s\nurls: []", "filters[0].defaultTimeoutDuration: must be longer than 0")]
    public void Bad_v1_filter_specs_name_the_field(string kind, string fields, string expected)
    {
        Assert.Equal(expected, TestSpecs.FieldError(kind, fields));
    }
}
