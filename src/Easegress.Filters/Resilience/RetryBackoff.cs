namespace Easegress.Resilience;

/// <summary>
/// The waits of a retry policy, as resilience4j's interval functions give them: every wait is <c>waitDuration</c>
/// (<c>RANDOM</c>) or 1.5 times the one before it (<c>EXPONENTIAL</c>), then drawn uniformly from
/// [w·(1−f), w·(1+f)] for the <c>randomizationFactor</c> f.
/// </summary>
internal sealed class RetryBackoff(RetryPolicySpec policy, Random random)
{
    public const double Multiplier = 1.5;

    public RetryBackoff(RetryPolicySpec policy) : this(policy, Random.Shared) { }

    public int MaxAttempts => policy.MaxAttempts;

    /// <summary>The wait after the failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan WaitAfter(int attempt)
    {
        var wait = (double)policy.WaitDuration.Ticks;
        if (policy.IsExponential) wait *= Math.Pow(Multiplier, attempt - 1);
        var delta = policy.RandomizationFactor * wait;
        if (delta > 0) wait = wait - delta + random.NextDouble() * 2 * delta;
        return TimeSpan.FromTicks((long)wait);
    }
}
