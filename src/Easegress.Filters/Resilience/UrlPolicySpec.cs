using Easegress.Filters;
using Easegress.Matching;
using Easegress.Protocols.Http;
using Easegress.Specs;
using Microsoft.AspNetCore.Http;

namespace Easegress.Resilience;

/// <summary>
/// The spec shape of the v1 resilience filters (<c>CircuitBreaker</c>, <c>Retryer</c>): named <c>policies</c>, and
/// <c>urls</c> rules, each run under its <c>policyRef</c> (or <c>defaultPolicyRef</c>). Requests no rule matches go
/// through untouched.
/// </summary>
public abstract class UrlPolicySpec<TPolicy> : FilterSpec, IValidatedSpec where TPolicy : class, INamedPolicy
{
    [RequiredField] public List<TPolicy> Policies { get; set; } = [];
    public string? DefaultPolicyRef { get; set; }
    [RequiredField] public List<PolicyUrlSpec> Urls { get; set; } = [];

    public virtual void Validate(string path)
    {
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
            var name = Urls[i].PolicyRef;
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(DefaultPolicyRef))
                throw new SpecException(field, "is required when there is no defaultPolicyRef");
            if (!string.IsNullOrEmpty(name) && !names.Contains(name))
                throw new SpecException(field, $"no policy is named \"{name}\"");
        }
    }

    /// <summary>The policy a URL rule runs under.</summary>
    internal TPolicy PolicyOf(PolicyUrlSpec url)
    {
        var name = string.IsNullOrEmpty(url.PolicyRef) ? DefaultPolicyRef : url.PolicyRef;
        return Policies.First(p => p.Name == name);
    }

    /// <summary>One runtime rule per <c>urls</c> item, each with its own <typeparamref name="TGuard"/>.</summary>
    internal PolicyUrl<TGuard>[] Rules<TGuard>(Func<PolicyUrlSpec, TPolicy, TGuard> guard) =>
        Urls.Select(u => new PolicyUrl<TGuard>(u, PolicyOf(u).Name, guard(u, PolicyOf(u)))).ToArray();
}

/// <summary>A URL rule: <c>methods</c> (all when empty) and <c>url</c>, run under the policy <c>policyRef</c>.</summary>
public sealed class PolicyUrlSpec : MethodUrlSpec
{
    public string? PolicyRef { get; set; }
}

/// <summary>A URL rule at run time, with what guards the requests it matches (a breaker, a retry schedule, a limit).</summary>
internal sealed class PolicyUrl<TGuard>(MethodUrlSpec spec, string policy, TGuard guard)
{
    private readonly HttpMethodSet _methods = spec.MethodSet();

    public TGuard Guard { get; } = guard;
    public string Policy { get; } = policy;

    /// <summary>The rule's <c>url</c> patterns.</summary>
    public StringMatcherSpec Url => spec.Url;

    public bool Matches(HttpRequest request) => _methods.Contains(request.Method) && spec.Url.Matches(request.Path.Value ?? "");

    /// <summary>The first rule that matches the request, or null (a loop: no closure per request).</summary>
    public static PolicyUrl<TGuard>? Find(PolicyUrl<TGuard>[] rules, HttpRequest request)
    {
        foreach (var rule in rules)
            if (rule.Matches(request)) return rule;
        return null;
    }

    /// <summary>The rule as the filter's status shows it.</summary>
    public Dictionary<string, object?> Describe() => new()
    {
        ["methods"] = spec.Methods ?? [],
        ["url"] = spec.Url.Exact ?? spec.Url.Prefix ?? spec.Url.Regex ?? "",
        ["policy"] = Policy,
    };
}
