using Easegress.Specs;

namespace Easegress.Resilience;

/// <summary>
/// resilience4j's circuit breaker policy, as Easegress takes it: a v2 pipeline <c>resilience</c> entry of kind
/// <c>CircuitBreaker</c>, or one of the <c>policies</c> of a v1 <c>CircuitBreaker</c> filter (which adds
/// <c>failureStatusCodes</c> and <c>countingNetworkError</c>).
/// </summary>
public sealed class CircuitBreakerPolicySpec : ResiliencePolicySpec
{
    public const string CountBased = "COUNT_BASED";
    public const string TimeBased = "TIME_BASED";

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

    public bool IsTimeBased => SlidingWindowType == TimeBased;

    protected override void ValidatePolicy(string path)
    {
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
    }

    private static void Percent(double value, string path, string field)
    {
        if (value is not (> 0 and <= 100)) throw new SpecException(SpecException.Join(path, field), "must be a percentage above 0, at most 100");
    }
}
