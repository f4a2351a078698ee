using System.Text.RegularExpressions;
using Easegress.Specs;

namespace Easegress.Matching;

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
