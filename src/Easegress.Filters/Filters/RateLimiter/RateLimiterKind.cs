namespace Easegress.Filters.RateLimiter;

public sealed class RateLimiterKind : FilterKind<RateLimiterSpec>
{
    public const string RateLimited = "rateLimited";

    public override string Name => "RateLimiter";
    public override string Description => "RateLimiter limits the rate of requests per URL rule, answering 429 to the excess.";
    public override IReadOnlyList<string> Results { get; } = [RateLimited];

    protected override IFilter Create(RateLimiterSpec spec, FilterEnvironment environment) =>
        new RateLimiterFilter(spec, environment.Time, environment.Share);
}
