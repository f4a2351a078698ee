using Easegress.Resilience;

namespace Easegress.Filters.Retryer;

/// <summary>The spec of a v1 <c>Retryer</c> filter: retry <c>policies</c>, <c>defaultPolicyRef</c> and <c>urls</c> rules.</summary>
public sealed class RetryerSpec : UrlPolicySpec<RetryPolicySpec>;
