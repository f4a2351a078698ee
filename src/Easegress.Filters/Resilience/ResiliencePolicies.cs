using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Resilience;

/// <summary>
/// A pipeline's <c>resilience</c> list (v2): named policies of kind <c>CircuitBreaker</c> or <c>Retry</c> that the
/// filters of the pipeline refer to by name (a Proxy pool's <c>circuitBreakerPolicy</c> and <c>retryPolicy</c>).
/// </summary>
public sealed class ResiliencePolicies
{
    public const string CircuitBreakerKind = "CircuitBreaker";
    public const string RetryKind = "Retry";

    public static readonly ResiliencePolicies None = new(new Dictionary<string, INamedPolicy>());

    private readonly IReadOnlyDictionary<string, INamedPolicy> _byName;

    private ResiliencePolicies(IReadOnlyDictionary<string, INamedPolicy> byName) => _byName = byName;

    public static ResiliencePolicies Bind(IReadOnlyList<JsonObject> nodes, string path)
    {
        var byName = new Dictionary<string, INamedPolicy>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var at = SpecException.Index(path, i);
            var kind = nodes[i]["kind"]?.GetValueKind() == JsonValueKind.String ? nodes[i]["kind"]!.GetValue<string>() : null;
            INamedPolicy policy = kind switch
            {
                CircuitBreakerKind => SpecBinder.Bind<CircuitBreakerPolicySpec>(nodes[i], at),
                RetryKind => SpecBinder.Bind<RetryPolicySpec>(nodes[i], at),
                null => throw new SpecException(SpecException.Join(at, "kind"), $"is required ({CircuitBreakerKind} or {RetryKind})"),
                _ => throw new SpecException(SpecException.Join(at, "kind"), $"unknown resilience kind \"{kind}\" ({CircuitBreakerKind} or {RetryKind})"),
            };
            // In a pipeline a call fails when the filter's result says so (a pool's failureCodes decide for a Proxy).
            foreach (var v1Only in new[] { "failureStatusCodes", "countingNetworkError" })
                if (nodes[i][v1Only] is not null)
                    throw new SpecException(SpecException.Join(at, v1Only), "belongs to the v1 filters; in a pipeline policy a call fails when the filter's result is not empty (see the pool's failureCodes)");
            if (!byName.TryAdd(policy.Name, policy))
                throw new SpecException(SpecException.Join(at, "name"), $"another resilience policy is named \"{policy.Name}\"");
        }
        return new ResiliencePolicies(byName);
    }

    /// <summary>The policy a field names, which must be of the kind the field wants.</summary>
    /// <param name="path">The referring field, for the error.</param>
    public T Find<T>(string name, string path) where T : class, INamedPolicy
    {
        if (!_byName.TryGetValue(name, out var policy))
            throw new SpecException(path, $"no resilience policy of the pipeline is named \"{name}\"");
        return policy as T ?? throw new SpecException(path,
            $"resilience policy \"{name}\" is not a {(typeof(T) == typeof(RetryPolicySpec) ? RetryKind : CircuitBreakerKind)} policy");
    }
}

/// <summary>A filter spec that refers to the pipeline's <c>resilience</c> policies; told of them once it is bound.</summary>
public interface IResilientSpec
{
    /// <param name="path">The filter's path, for errors.</param>
    void UsePolicies(ResiliencePolicies policies, string path);
}
