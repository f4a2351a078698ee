using Easegress.Filters.Filters;
using Easegress.Filters.Proxy;
using Easegress.Filters.Specs;

namespace Easegress.Filters.RateLimiter;

/// <summary>
/// The spec of a <c>RateLimiter</c> (the same in v1 <c>HTTPPipeline</c> and v2 <c>Pipeline</c>): named
/// <c>policies</c>, and <c>urls</c> rules, each limited by its own limiter with its <c>policyRef</c> (or
/// <c>defaultPolicyRef</c>). Requests no rule matches are not limited.
/// </summary>
public sealed class RateLimiterSpec : FilterSpec, IValidatedSpec
{
    [RequiredField] public List<RateLimitPolicySpec> Policies { get; set; } = [];
    public string? DefaultPolicyRef { get; set; }
    [RequiredField] public List<RateLimitUrlSpec> Urls { get; set; } = [];

    /// <summary><c>node</c> (Easegress's behaviour): every node grants the policies' permits; <c>cluster</c>: the
    /// permits are shared out among the live members, so the whole cluster grants them once.</summary>
    public string Scope { get; set; } = NodeScope;

    public const string NodeScope = "node";
    public const string ClusterScope = "cluster";

    public bool ClusterWide => Scope == ClusterScope;

    public void Validate(string path)
    {
        if (Scope is not (NodeScope or ClusterScope))
            throw new SpecException(SpecException.Join(path, "scope"), $"must be \"{NodeScope}\" or \"{ClusterScope}\", not \"{Scope}\"");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Policies.Count; i++)
            if (!names.Add(Policies[i].Name))
                throw new SpecException(SpecException.Join(SpecException.Index(SpecException.Join(path, "policies"), i), "name"),
                    $"another policy is named \"{Policies[i].Name}\"");
        if (!string.IsNullOrEmpty(DefaultPolicyRef) && !names.Contains(DefaultPolicyRef))
            throw new SpecException(SpecException.Join(path, "defaultPolicyRef"), $"no policy is named \"{DefaultPolicyRef}\"");
        for (var i = 0; i < Urls.Count; i++)
        {
            var field = SpecException.Join(SpecException.Index(SpecException.Join(path, "urls"), i), "policyRef");
            if (string.IsNullOrEmpty(Urls[i].PolicyRef))
            {
                if (string.IsNullOrEmpty(DefaultPolicyRef)) throw new SpecException(field, "is required when there is no defaultPolicyRef");
            }
            else if (!names.Contains(Urls[i].PolicyRef!))
                throw new SpecException(field, $"no policy is named \"{Urls[i].PolicyRef}\"");
        }
    }

    /// <summary>The policy a URL rule is limited by.</summary>
    internal RateLimitPolicySpec PolicyOf(RateLimitUrlSpec url)
    {
        var name = string.IsNullOrEmpty(url.PolicyRef) ? DefaultPolicyRef : url.PolicyRef;
        return Policies.First(p => p.Name == name);
    }
}

/// <summary>
/// resilience4j's rate limiter policy: every <c>limitRefreshPeriod</c> grants <c>limitForPeriod</c> permits; a request
/// that finds none may wait up to <c>timeoutDuration</c> for a permit of a coming period.
/// </summary>
public sealed class RateLimitPolicySpec : IValidatedSpec
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

/// <summary>A URL rule: <c>methods</c> (all when empty) and <c>url</c>, limited by the policy <c>policyRef</c>.</summary>
public sealed class RateLimitUrlSpec : MethodUrlSpec
{
    public string? PolicyRef { get; set; }
}
