using Easegress.Filters.Matching;
using Easegress.Filters.Resilience;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.RateLimiter;

/// <summary>One <c>urls</c> rule with its own limiter.</summary>
internal sealed class LimitedUrl(PolicyUrlSpec spec, RateLimitPolicySpec policy, int limit, TimeProvider time)
{
    private readonly HttpMethodSet _methods = spec.MethodSet();

    public PermitLimiter Limiter { get; } = new(policy, limit, time);

    /// <summary>The policy's permits per period, before any sharing out across the cluster.</summary>
    public int PolicyLimit => policy.LimitForPeriod;

    public bool Matches(HttpRequest request) => _methods.Contains(request.Method) && spec.Url.Matches(request.Path.Value ?? "");

    public Dictionary<string, object?> Status() => new()
    {
        ["methods"] = spec.Methods ?? [],
        ["url"] = Describe(),
        ["policy"] = policy.Name,
        ["limitForPeriod"] = Limiter.Limit,
        ["availablePermits"] = Limiter.AvailablePermits,
        ["waiting"] = Limiter.Waiting,
    };

    private string Describe()
    {
        var url = spec.Url;
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(url.Exact)) parts.Add($"exact {url.Exact}");
        if (!string.IsNullOrEmpty(url.Prefix)) parts.Add($"prefix {url.Prefix}");
        if (!string.IsNullOrEmpty(url.Regex)) parts.Add($"regex {url.Regex}");
        if (url.Empty) parts.Add("empty");
        return string.Join(" | ", parts);
    }
}
