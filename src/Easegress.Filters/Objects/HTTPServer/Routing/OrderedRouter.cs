using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>Easegress's <c>Ordered</c> router for one rule: paths in declaration order (not longest prefix), the first
/// whose path, prefix or regexp and whose conditions match.</summary>
internal sealed class OrderedRouter(OrderedPath[] paths) : IPathRouter
{
    public bool TryRoute(in RouteRequest request, ref RouteMismatch mismatch, out RouteResult result)
    {
        foreach (var path in paths)
        {
            if (!path.MatchesPath(request.Path) || !path.Route.Accepts(request, ref mismatch)) continue;
            result = path.Route.Matched(path.Rewrite(request.Path));
            return true;
        }
        result = default;
        return false;
    }
}

/// <summary>A path of the Ordered router: exact, prefix or regexp (none = every path), and its rewrite.</summary>
internal sealed class OrderedPath
{
    private readonly string? _exact;
    private readonly string? _prefix;
    private readonly Regex? _regex;
    private readonly string? _rewriteTarget;
    private readonly RegexReplacement? _regexRewrite;

    public OrderedPath(RoutePathSpec spec, RoutePath route, string path)
    {
        _exact = NullIfEmpty(spec.Path);
        _prefix = NullIfEmpty(spec.PathPrefix);
        _regex = string.IsNullOrEmpty(spec.PathRegexp) ? null : SpecRegex.Compile(spec.PathRegexp, SpecException.Join(path, "pathRegexp"));
        _rewriteTarget = NullIfEmpty(spec.RewriteTarget);
        if (_regex is not null && _rewriteTarget is not null) _regexRewrite = new RegexReplacement(_rewriteTarget);
        Route = route;
    }

    public RoutePath Route { get; }

    public bool MatchesPath(string path)
    {
        if (_exact is null && _prefix is null && _regex is null) return true;
        if (_exact is not null && string.Equals(_exact, path, StringComparison.Ordinal)) return true;
        if (_prefix is not null && path.StartsWith(_prefix, StringComparison.Ordinal)) return true;
        return _regex is not null && _regex.IsMatch(path);
    }

    /// <summary>
    /// The rewritten path, or null when the path has no rewriteTarget. Only called for a matching path. As Easegress:
    /// <c>path</c> replaces the whole path, <c>pathPrefix</c> replaces the prefix, and <c>pathRegexp</c> replaces every
    /// match the way Go's <c>ReplaceAllString</c> does (<see cref="RegexReplacement"/>: <c>$1</c>, <c>${1}</c>,
    /// <c>$name</c>, <c>$$</c>), the same rules as RequestAdaptor's <c>regexpReplace</c> and Redirector.
    /// </summary>
    public string? Rewrite(string path)
    {
        if (_rewriteTarget is null) return null;
        string rewritten;
        if (_exact is not null && string.Equals(_exact, path, StringComparison.Ordinal)) rewritten = _rewriteTarget;
        else if (_prefix is not null && path.StartsWith(_prefix, StringComparison.Ordinal)) rewritten = string.Concat(_rewriteTarget, path.AsSpan(_prefix.Length));
        else if (_regex is not null) rewritten = _regexRewrite!.ReplaceAll(_regex, path);
        else return null;
        return RewrittenPath.Rooted(rewritten);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}

internal static class RewrittenPath
{
    /// <summary>A rewritten path always starts with <c>/</c> (an empty one stays empty).</summary>
    public static string Rooted(string path) => path.Length == 0 || path[0] == '/' ? path : "/" + path;
}
