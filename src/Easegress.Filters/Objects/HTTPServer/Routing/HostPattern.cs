using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>One host a rule serves: exact, <c>*.suffix</c>, <c>prefix.*</c> or a regular expression; all case-insensitive.
/// Requests are matched on their <see cref="CanonicalHost"/> form, so a name written with Unicode labels
/// (<c>bücher.example</c>) is kept in that form too (<c>xn--bcher-kva.example</c>); a regular expression is matched
/// against it as it is.</summary>
internal sealed class HostPattern
{
    private readonly string? _exact;
    private readonly string? _prefix;
    private readonly string? _suffix;
    private readonly Regex? _regex;

    private HostPattern(string? exact, string? prefix, string? suffix, Regex? regex)
    {
        _exact = exact;
        _prefix = prefix;
        _suffix = suffix;
        _regex = regex;
    }

    public static HostPattern Parse(string value, bool isRegexp, string path)
    {
        if (value.Length == 0) throw new SpecException(path, "must not be empty");
        if (isRegexp) return new HostPattern(null, null, null, SpecRegex.Compile(value, path, ignoreCase: true));
        value = CanonicalOf(value, path);
        var wildcards = value.AsSpan().Count('*');
        if (wildcards == 0) return new HostPattern(value, null, null, null);
        if (value == "*") throw new SpecException(path, "a lone * matches no host; leave the host out to match every host");
        if (wildcards == 1 && value[0] == '*') return new HostPattern(null, null, value[1..], null);
        if (wildcards == 1 && value[^1] == '*') return new HostPattern(null, value[..^1], null, null);
        throw new SpecException(path, "only one wildcard is allowed, at the start (*.example.com) or the end (www.example.*)");
    }

    private static string CanonicalOf(string value, string path)
    {
        try
        {
            return CanonicalHost.Of(value);
        }
        catch (ArgumentException)
        {
            throw new SpecException(path, $"\"{value}\" is not a valid internationalized host name");
        }
    }

    /// <param name="host">The request's host without its port, in canonical form.</param>
    public bool Matches(ReadOnlySpan<char> host)
    {
        if (_exact is not null) return host.Equals(_exact, StringComparison.OrdinalIgnoreCase);
        if (_suffix is not null) return host.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase);
        if (_prefix is not null) return host.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase);
        return _regex!.IsMatch(host);
    }
}
