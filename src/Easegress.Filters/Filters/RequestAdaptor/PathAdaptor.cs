using System.Text.RegularExpressions;
using Easegress.Matching;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>Rewrites a request path the way Easegress's path adaptor does.</summary>
internal sealed class PathAdaptor(PathAdaptSpec spec)
{
    private readonly string? _replace = NullIfEmpty(spec.Replace);
    private readonly Regex? _regexp = spec.RegexpReplace?.CompiledRegexp();
    private readonly RegexReplacement _regexpReplacement = new(spec.RegexpReplace?.Replace ?? "");
    private readonly string? _trimPrefix = NullIfEmpty(spec.TrimPrefix);
    private readonly string? _addPrefix = NullIfEmpty(spec.AddPrefix);

    public string Adapt(string path)
    {
        if (_replace is not null) return _replace;
        if (_regexp is not null) return _regexpReplacement.ReplaceAll(_regexp, path);
        if (_trimPrefix is not null && path.StartsWith(_trimPrefix, StringComparison.Ordinal)) path = path[_trimPrefix.Length..];
        if (_addPrefix is not null) path = _addPrefix + path;
        return path;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
