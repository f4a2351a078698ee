using Easegress.Specs;

namespace Easegress.Resilience;

/// <summary>
/// resilience4j's retry policy, as Easegress takes it: a v2 pipeline <c>resilience</c> entry of kind <c>Retry</c>, or
/// one of the <c>policies</c> of a v1 <c>Retryer</c> filter (which adds <c>failureStatusCodes</c> and
/// <c>countingNetworkError</c>).
/// </summary>
public sealed class RetryPolicySpec : ResiliencePolicySpec
{
    public const string Random = "RANDOM";
    public const string Exponential = "EXPONENTIAL";

    /// <summary>Attempts in all, the first one included.</summary>
    public int MaxAttempts { get; set; } = 3;
    public TimeSpan WaitDuration { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary><c>RANDOM</c>: every wait is <c>waitDuration</c> (randomized); <c>EXPONENTIAL</c>: each wait is 1.5 times the one before.</summary>
    public string BackOffPolicy { get; set; } = Random;
    /// <summary>Each wait is drawn from [w·(1−f), w·(1+f)].</summary>
    public double RandomizationFactor { get; set; }

    public bool IsExponential => string.Equals(BackOffPolicy, Exponential, StringComparison.OrdinalIgnoreCase);

    protected override void ValidatePolicy(string path)
    {
        AtLeastOne(MaxAttempts, path, "maxAttempts");
        if (WaitDuration < TimeSpan.Zero) throw new SpecException(SpecException.Join(path, "waitDuration"), "must not be negative");
        if (!string.Equals(BackOffPolicy, Random, StringComparison.OrdinalIgnoreCase) && !IsExponential)
            throw new SpecException(SpecException.Join(path, "backOffPolicy"), $"must be {Random} or {Exponential}, not \"{BackOffPolicy}\"");
        if (RandomizationFactor is not (>= 0 and <= 1))
            throw new SpecException(SpecException.Join(path, "randomizationFactor"), "must be between 0 and 1");
    }
}
