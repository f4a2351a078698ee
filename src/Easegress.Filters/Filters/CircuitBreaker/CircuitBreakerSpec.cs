using Easegress.Resilience;

namespace Easegress.Filters.CircuitBreaker;

/// <summary>The spec of a v1 <c>CircuitBreaker</c> filter: circuit breaker <c>policies</c>, <c>defaultPolicyRef</c> and
/// <c>urls</c> rules, each with its own breaker.</summary>
public sealed class CircuitBreakerSpec : UrlPolicySpec<CircuitBreakerPolicySpec>;
