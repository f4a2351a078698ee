using Easegress.Resilience;

namespace Easegress.Filters.Tests.Resilience;

/// <summary>The waits between retries, as resilience4j's interval functions give them.</summary>
public sealed class RetryBackoffTests
{
    private static RetryPolicySpec Policy(string backOff, double factor, int waitMs = 500) => new()
    {
        Name = "r",
        MaxAttempts = 5,
        WaitDuration = TimeSpan.FromMilliseconds(waitMs),
        BackOffPolicy = backOff,
        RandomizationFactor = factor,
    };

    private static double[] Waits(RetryBackoff backoff) =>
        Enumerable.Range(1, 4).Select(a => backoff.WaitAfter(a).TotalMilliseconds).ToArray();

    [Fact]
    public void Random_without_randomization_waits_waitDuration_every_time()
    {
        Assert.Equal([500, 500, 500, 500], Waits(new RetryBackoff(Policy("RANDOM", 0), new Random(1))));
    }

    [Fact]
    public void Exponential_multiplies_each_wait_by_one_and_a_half()
    {
        Assert.Equal([500, 750, 1125, 1687.5], Waits(new RetryBackoff(Policy("EXPONENTIAL", 0), new Random(1))));
        Assert.Equal([500, 750, 1125, 1687.5], Waits(new RetryBackoff(Policy("Exponential", 0), new Random(1))));   // as the docs write it
    }

    [Fact]
    public void Randomization_draws_each_wait_from_the_factor_around_it_reproducibly_for_a_seed()
    {
        var waits = Waits(new RetryBackoff(Policy("EXPONENTIAL", 0.5), new Random(42)));
        var again = Waits(new RetryBackoff(Policy("EXPONENTIAL", 0.5), new Random(42)));

        Assert.Equal(waits, again);
        double[] bases = [500, 750, 1125, 1687.5];
        var draws = new Random(42);
        for (var i = 0; i < 4; i++)
        {
            Assert.InRange(waits[i], bases[i] * 0.5, bases[i] * 1.5);
            var ticks = bases[i] * TimeSpan.TicksPerMillisecond;   // uniform in [w - w/2, w + w/2]
            Assert.Equal(TimeSpan.FromTicks((long)(ticks / 2 + draws.NextDouble() * ticks)).TotalMilliseconds, waits[i]);
        }
        Assert.NotEqual(bases, waits);
    }
}
