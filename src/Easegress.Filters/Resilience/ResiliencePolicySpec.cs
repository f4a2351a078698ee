using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Resilience;

/// <summary>
/// What the circuit breaker and retry policies share: a name, the <c>kind</c> a pipeline's <c>resilience</c> entry
/// gives, and the v1 filters' way of telling a failed call by its status.
/// </summary>
public abstract class ResiliencePolicySpec : IValidatedSpec, INamedPolicy
{
    [RequiredField] public string Name { get; set; } = "";
    /// <summary>Present in a pipeline's <c>resilience</c> list only.</summary>
    public string? Kind { get; set; }
    /// <summary>v1 filter: response statuses that count as failures.</summary>
    public List<int>? FailureStatusCodes { get; set; }
    /// <summary>v1 filter: count the statuses of network errors (408, 499, 502, 503, 504) as failures.</summary>
    public bool CountingNetworkError { get; set; }

    public void Validate(string path)
    {
        if (Name.Length == 0) throw new SpecException(SpecException.Join(path, "name"), "must not be empty");
        StatusCodeList.Validate(FailureStatusCodes, SpecException.Join(path, "failureStatusCodes"));
        ValidatePolicy(path);
    }

    protected abstract void ValidatePolicy(string path);

    protected static void AtLeastOne(int value, string path, string field)
    {
        if (value < 1) throw new SpecException(SpecException.Join(path, field), "must be at least 1");
    }
}

/// <summary>A policy that URL rules and pools refer to by name.</summary>
public interface INamedPolicy
{
    string Name { get; }
}
