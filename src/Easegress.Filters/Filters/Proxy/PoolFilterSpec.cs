using Easegress.Matching;
using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.Proxy;

/// <summary>
/// Which requests a candidate pool takes. Policy <c>general</c> (the default) matches <c>headers</c> (any one, or all
/// with <c>matchAllHeaders</c>) and then, when given, <c>urls</c>; <c>random</c>, <c>ipHash</c> and <c>headerHash</c>
/// take <c>permil</c>/1000 of the requests.
/// </summary>
public sealed class PoolFilterSpec : IValidatedSpec
{
    public const string General = "general";
    public const string Random = "random";
    public const string IpHash = "ipHash";
    public const string HeaderHash = "headerHash";

    public string? Policy { get; set; }
    public Dictionary<string, StringMatcherSpec>? Headers { get; set; }
    public bool MatchAllHeaders { get; set; }
    public List<MethodUrlSpec>? Urls { get; set; }
    public int Permil { get; set; }
    public string? HeaderHashKey { get; set; }

    internal bool IsGeneral => string.IsNullOrEmpty(Policy) || Policy == General;

    public void Validate(string path)
    {
        if (!IsGeneral && Policy is not (Random or IpHash or HeaderHash))
            throw new SpecException(SpecException.Join(path, "policy"),
                $"unknown filter policy \"{Policy}\" (one of {General}, {Random}, {IpHash}, {HeaderHash})");
        if (IsGeneral && (Headers is null || Headers.Count == 0))
            throw new SpecException(SpecException.Join(path, "headers"), "is required by the general policy");
        if (!IsGeneral && Permil is <= 0 or > 1000)
            throw new SpecException(SpecException.Join(path, "permil"), $"must be between 1 and 1000 for the {Policy} policy");
        if (Policy == HeaderHash && string.IsNullOrEmpty(HeaderHashKey))
            throw new SpecException(SpecException.Join(path, "headerHashKey"), "is required by the headerHash policy");
    }
}
