using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Specs;

namespace Easegress.Filters.Redirector;

/// <summary>The spec of a <c>Redirector</c>: a regular expression over part of the request URL and its replacement.</summary>
public sealed class RedirectorSpec : FilterSpec, IValidatedSpec
{
    public const string Uri = "uri";
    public const string PathPart = "path";
    public const string Full = "full";

    /// <summary>A regular expression (RE2 syntax) matched against <see cref="MatchPart"/>.</summary>
    [RequiredField] public string Match { get; set; } = "";
    /// <summary><c>uri</c> (path and query, the default), <c>path</c>, or <c>full</c> (scheme://host/path?query).</summary>
    public string MatchPart { get; set; } = Uri;
    /// <summary>The new location; <c>$1</c> and <c>${name}</c> refer to groups.</summary>
    [RequiredField] public string Replacement { get; set; } = "";
    public int StatusCode { get; set; } = 301;

    private Regex? _compiled;

    internal Regex CompiledMatch(string path = "match") => _compiled ??= SpecRegex.Compile(Match, path);

    public void Validate(string path)
    {
        if (Match.Length == 0) throw new SpecException(SpecException.Join(path, "match"), "must not be empty");
        if (Replacement.Length == 0) throw new SpecException(SpecException.Join(path, "replacement"), "must not be empty");
        MatchPart = MatchPart.ToLowerInvariant();
        if (MatchPart is not (Uri or PathPart or Full))
            throw new SpecException(SpecException.Join(path, "matchPart"), $"\"{MatchPart}\" is not one of uri, path, full");
        RedirectStatus.Validate(StatusCode, SpecException.Join(path, "statusCode"));
        CompiledMatch(SpecException.Join(path, "match"));
    }
}
