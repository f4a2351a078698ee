using Easegress.Resilience;
using Easegress.Specs;

namespace Easegress.Filters.RateLimiter;

/// <summary>
/// The spec of a <c>RateLimiter</c> (the same in v1 <c>HTTPPipeline</c> and v2 <c>Pipeline</c>): named
/// <c>policies</c>, and <c>urls</c> rules, each limited by its own limiter with its <c>policyRef</c> (or
/// <c>defaultPolicyRef</c>). Requests no rule matches are not limited.
/// </summary>
public sealed class RateLimiterSpec : UrlPolicySpec<RateLimitPolicySpec>
{
    public const string NodeScope = "node";
    public const string ClusterScope = "cluster";

    /// <summary><c>node</c> (Easegress's behaviour): every node grants the policies' permits; <c>cluster</c>: the
    /// permits are shared out among the live members, so the whole cluster grants them once.</summary>
    public string Scope { get; set; } = NodeScope;

    public bool ClusterWide => Scope == ClusterScope;

    public override void Validate(string path)
    {
        if (Scope is not (NodeScope or ClusterScope))
            throw new SpecException(SpecException.Join(path, "scope"), $"must be \"{NodeScope}\" or \"{ClusterScope}\", not \"{Scope}\"");
        base.Validate(path);
    }
}

/// <summary>
/// resilience4j's rate limiter policy: every <c>limitRefreshPeriod</c> grants <c>limitForPeriod</c> permits; a request
/// that finds none may wait up to <c>timeoutDuration</c> for a permit of a coming period.
/// </summary>
public sealed class RateLimitPolicySpec : IValidatedSpec, INamedPolicy
{
    [RequiredField] public string Name { get; set; } = "";
    public TimeSpan TimeoutDuration { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan LimitRefreshPeriod { get; set; } = TimeSpan.FromMilliseconds(10);
    public int LimitForPeriod { get; set; } = 50;

    public void Validate(string path)
    {
        if (Name.Length == 0) throw new SpecException(SpecException.Join(path, "name"), "must not be empty");
        if (LimitRefreshPeriod <= TimeSpan.Zero)
            throw new SpecException(SpecException.Join(path, "limitRefreshPeriod"), "must be longer than 0");
        if (LimitForPeriod < 1) throw new SpecException(SpecException.Join(path, "limitForPeriod"), "must be at least 1");
    }
}
