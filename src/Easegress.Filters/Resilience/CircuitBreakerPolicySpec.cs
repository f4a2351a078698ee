using Easegress.Filters.Proxy;
using Easegress.Filters.Specs;

namespace Easegress.Filters.Resilience;

/// <summary>
/// resilience4j's circuit breaker policy, as Easegress takes it: a v2 pipeline <c>resilience</c> entry of kind
/// <c>CircuitBreaker</c>, or one of the <c>policies</c> of a v1 <c>CircuitBreaker</c> filter (which adds
/// <c>failureStatusCodes</c> and <c>countingNetworkError</c>).
/// </summary>
public sealed class CircuitBreakerPolicySpec : IValidatedSpec, INamedPolicy
{
    public const string CountBased = "COUNT_BASED";
    public const string TimeBased = "TIME_BASED";

    [RequiredField] public string Name { get; set; } = "";
    /// <summary>Present in a pipeline's <c>resilience</c> list only.</summary>
    public string? Kind { get; set; }
    /// <summary><c>COUNT_BASED</c> (the last <c>slidingWindowSize</c> calls) or <c>TIME_BASED</c> (the calls of the last
    /// <c>slidingWindowSize</c> seconds).</summary>
    public string SlidingWindowType { get; set; } = CountBased;
    /// <summary>Percent of failed calls at which the breaker opens.</summary>
    public double FailureRateThreshold { get; set; } = 50;
    /// <summary>Percent of slow calls at which the breaker opens.</summary>
    public double SlowCallRateThreshold { get; set; } = 100;
    /// <summary>A call longer than this is slow.</summary>
    public TimeSpan SlowCallDurationThreshold { get; set; } = TimeSpan.FromMinutes(1);
    public int SlidingWindowSize { get; set; } = 100;
    public int PermittedNumberOfCallsInHalfOpenState { get; set; } = 10;
    /// <summary>Calls the window needs before its rates count.</summary>
    public int MinimumNumberOfCalls { get; set; } = 10;
    /// <summary>How long the breaker may stay half-open before it opens again; 0 waits for the permitted calls.</summary>
    public TimeSpan MaxWaitDurationInHalfOpenState { get; set; }
    public TimeSpan WaitDurationInOpenState { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>v1 filter: response statuses that count as failures.</summary>
    public List<int>? FailureStatusCodes { get; set; }
    /// <summary>v1 filter: count the statuses of network errors (408, 499, 502, 503, 504) as failures.</summary>
    public bool CountingNetworkError { get; set; }

    public bool IsTimeBased => SlidingWindowType == TimeBased;

    public void Validate(string path)
    {
        if (Name.Length == 0) throw new SpecException(SpecException.Join(path, "name"), "must not be empty");
        if (SlidingWindowType is not (CountBased or TimeBased))
            throw new SpecException(SpecException.Join(path, "slidingWindowType"), $"must be {CountBased} or {TimeBased}, not \"{SlidingWindowType}\"");
        Percent(FailureRateThreshold, path, "failureRateThreshold");
        Percent(SlowCallRateThreshold, path, "slowCallRateThreshold");
        AtLeastOne(SlidingWindowSize, path, "slidingWindowSize");
        AtLeastOne(PermittedNumberOfCallsInHalfOpenState, path, "permittedNumberOfCallsInHalfOpenState");
        AtLeastOne(MinimumNumberOfCalls, path, "minimumNumberOfCalls");
        if (SlowCallDurationThreshold <= TimeSpan.Zero)
            throw new SpecException(SpecException.Join(path, "slowCallDurationThreshold"), "must be longer than 0");
        if (WaitDurationInOpenState <= TimeSpan.Zero)
            throw new SpecException(SpecException.Join(path, "waitDurationInOpenState"), "must be longer than 0");
        if (MaxWaitDurationInHalfOpenState < TimeSpan.Zero)
            throw new SpecException(SpecException.Join(path, "maxWaitDurationInHalfOpenState"), "must not be negative");
        StatusCodeList.Validate(FailureStatusCodes, SpecException.Join(path, "failureStatusCodes"));
    }

    private static void Percent(double value, string path, string field)
    {
        if (value is not (> 0 and <= 100)) throw new SpecException(SpecException.Join(path, field), "must be a percentage above 0, at most 100");
    }

    internal static void AtLeastOne(int value, string path, string field)
    {
        if (value < 1) throw new SpecException(SpecException.Join(path, field), "must be at least 1");
    }
}
