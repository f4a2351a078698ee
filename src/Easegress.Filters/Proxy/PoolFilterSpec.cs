using System.Text.RegularExpressions;
using Easegress.Filters.Matching;
using Easegress.Filters.Specs;

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

/// <summary>Matches a string exactly, by prefix, by regular expression, or (with <c>empty: true</c>) when it is empty; any one suffices.</summary>
public sealed class StringMatcherSpec : IValidatedSpec
{
    public string? Exact { get; set; }
    public string? Prefix { get; set; }
    public string? Regex { get; set; }
    public bool Empty { get; set; }

    private Regex? _compiled;

    public void Validate(string path)
    {
        if (string.IsNullOrEmpty(Exact) && string.IsNullOrEmpty(Prefix) && string.IsNullOrEmpty(Regex) && !Empty)
            throw new SpecException(path, "give exact, prefix, regex or empty");
        CompiledRegex(SpecException.Join(path, "regex"));
    }

    /// <summary>The compiled <see cref="Regex"/> (null when there is none), compiled once.</summary>
    internal Regex? CompiledRegex(string path = "regex") =>
        string.IsNullOrEmpty(Regex) ? null : _compiled ??= SpecRegex.Compile(Regex, path);

    internal bool Matches(string value)
    {
        if (Empty && value.Length == 0) return true;
        if (!string.IsNullOrEmpty(Exact) && string.Equals(value, Exact, StringComparison.Ordinal)) return true;
        if (!string.IsNullOrEmpty(Prefix) && value.StartsWith(Prefix, StringComparison.Ordinal)) return true;
        return CompiledRegex() is { } regex && regex.IsMatch(value);
    }
}

/// <summary>A request whose method is in <c>methods</c> (all when empty) and whose path matches <c>url</c>.</summary>
public class MethodUrlSpec : IValidatedSpec
{
    public List<string>? Methods { get; set; }
    [RequiredField] public StringMatcherSpec Url { get; set; } = new();

    internal HttpMethodSet MethodSet(string path = "methods") => HttpMethodSet.Parse(Methods, path);

    public void Validate(string path) => MethodSet(SpecException.Join(path, "methods"));
}
