using System.Text.RegularExpressions;
using Easegress.Filters.Matching;
using Easegress.Filters.Specs;

namespace Easegress.Filters.HttpServers;

/// <summary>One compiled path of a rule (§C): how it matches the request path, what else it requires, where it goes.</summary>
internal sealed class RoutePath
{
    private readonly string? _exact;
    private readonly string? _prefix;
    private readonly Regex? _regex;
    private readonly string? _rewriteTarget;

    public RoutePath(RoutePathSpec spec, long clientMaxBodySize, string path)
    {
        _exact = NullIfEmpty(spec.Path);
        _prefix = NullIfEmpty(spec.PathPrefix);
        _regex = string.IsNullOrEmpty(spec.PathRegexp) ? null : SpecRegex.Compile(spec.PathRegexp, SpecException.Join(path, "pathRegexp"));
        _rewriteTarget = NullIfEmpty(spec.RewriteTarget);
        Methods = HttpMethodSet.Parse(spec.Methods, SpecException.Join(path, "methods"));
        Headers = ValueCondition.Build(spec.Headers, SpecException.Join(path, "headers"));
        MatchAllHeader = spec.MatchAllHeader;
        Queries = ValueCondition.Build(spec.Queries, SpecException.Join(path, "queries"));
        MatchAllQuery = spec.MatchAllQuery;
        Backend = spec.Backend;
        ClientMaxBodySize = clientMaxBodySize;
        HasConditions = !Methods.IsAll || Headers.Length > 0 || Queries.Length > 0;
    }

    public HttpMethodSet Methods { get; }
    public ValueCondition[] Headers { get; }
    public bool MatchAllHeader { get; }
    public ValueCondition[] Queries { get; }
    public bool MatchAllQuery { get; }
    public string Backend { get; }
    /// <summary>The path's <c>pathPrefix</c>, if it has one.</summary>
    public string? PathPrefix => _prefix;
    public long ClientMaxBodySize { get; }

    /// <summary>False when the path alone decides (no methods, headers or queries to check).</summary>
    public bool HasConditions { get; }

    public bool MatchesPath(string path)
    {
        if (_exact is null && _prefix is null && _regex is null) return true;
        if (_exact is not null && string.Equals(_exact, path, StringComparison.Ordinal)) return true;
        if (_prefix is not null && path.StartsWith(_prefix, StringComparison.Ordinal)) return true;
        return _regex is not null && _regex.IsMatch(path);
    }

    /// <summary>The rewritten path, or null when the path has no rewriteTarget. Only called for a matching path.</summary>
    public string? Rewrite(string path)
    {
        if (_rewriteTarget is null) return null;
        string rewritten;
        if (_exact is not null && string.Equals(_exact, path, StringComparison.Ordinal)) rewritten = _rewriteTarget;
        else if (_prefix is not null && path.StartsWith(_prefix, StringComparison.Ordinal)) rewritten = string.Concat(_rewriteTarget, path.AsSpan(_prefix.Length));
        else if (_regex is not null) rewritten = _regex.Replace(path, _rewriteTarget);
        else return null;
        return rewritten.Length == 0 || rewritten[0] == '/' ? rewritten : "/" + rewritten;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
