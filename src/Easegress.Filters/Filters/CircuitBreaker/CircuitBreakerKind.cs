namespace Easegress.Filters.CircuitBreaker;

public sealed class CircuitBreakerKind : FilterKind<CircuitBreakerSpec>
{
    public const string ShortCircuited = "shortCircuited";

    public override string Name => "CircuitBreaker";
    public override string Description =>
        "CircuitBreaker (v1) runs the rest of the flow behind a resilience4j circuit breaker per URL rule; an open one answers 503.";
    public override IReadOnlyList<string> Results { get; } = [ShortCircuited];

    protected override IFilter Create(CircuitBreakerSpec spec, FilterEnvironment environment) => new CircuitBreakerFilter(spec, environment);
}
