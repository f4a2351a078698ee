using Akka.Configuration;

namespace Easegress.Actors.Controllers;

/// <summary>How long a controller that failed to start waits before the next attempt: <see cref="Min"/> after the first
/// failure, doubling up to <see cref="Max"/>, ±20% so that controllers failing together do not retry together.
/// <c>easegress.controllers.min-backoff</c> and <c>max-backoff</c> in the node's HOCON.</summary>
public sealed class ControllerBackoff(TimeSpan min, TimeSpan max)
{
    public static readonly TimeSpan DefaultMin = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(30);
    private const double RandomFactor = 0.2;

    public TimeSpan Min => min;
    public TimeSpan Max => max;

    public static ControllerBackoff From(Config config) => new(
        config.GetTimeSpan("easegress.controllers.min-backoff", DefaultMin),
        config.GetTimeSpan("easegress.controllers.max-backoff", DefaultMax));

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (1 or more).</summary>
    public TimeSpan After(int failures)
    {
        var doubled = min.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(doubled, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + RandomFactor * (2 * Random.Shared.NextDouble() - 1)));
    }
}
