using System.Text;
using Easegress.Matching;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Mock;

/// <summary>A compiled mock rule: the match (Easegress's order: path, then headers) and the prepared answer.</summary>
internal sealed class MockRule(MockRuleSpec spec)
{
    private readonly string? _path = string.IsNullOrEmpty(spec.Match.Path) ? null : spec.Match.Path;
    private readonly string? _prefix = string.IsNullOrEmpty(spec.Match.PathPrefix) ? null : spec.Match.PathPrefix;
    private readonly (string Name, StringMatcherSpec Rule)[] _headers =
        (spec.Match.Headers ?? []).Select(h => (h.Key, h.Value)).ToArray();
    private readonly bool _matchAllHeaders = spec.Match.MatchAllHeaders;

    public int Code { get; } = spec.Code;
    public KeyValuePair<string, string>[] Headers { get; } = spec.Headers?.ToArray() ?? [];
    public byte[] Body { get; } = Encoding.UTF8.GetBytes(spec.Body ?? "");
    public TimeSpan Delay { get; } = spec.Delay;

    public bool Matches(HttpRequest request) => PathMatches(request.Path.Value ?? "") && HeadersMatch(request.Headers);

    private bool PathMatches(string path)
    {
        if (_path is null && _prefix is null) return true;
        if (_path is not null && string.Equals(_path, path, StringComparison.Ordinal)) return true;
        return _prefix is not null && path.StartsWith(_prefix, StringComparison.Ordinal);
    }

    private bool HeadersMatch(IHeaderDictionary headers)
    {
        if (_headers.Length == 0) return true;
        foreach (var (name, rule) in _headers)
        {
            var matches = HeaderMatches(headers, name, rule);
            if (matches && !_matchAllHeaders) return true;
            if (!matches && _matchAllHeaders) return false;
        }
        return _matchAllHeaders;
    }

    /// <summary>A missing header matches only <c>empty: true</c>; a present one any of its values against the rule.</summary>
    private static bool HeaderMatches(IHeaderDictionary headers, string name, StringMatcherSpec rule)
    {
        var values = headers[name];
        if (values.Count == 0) return rule.Empty;
        if (rule.Empty) return false;
        foreach (var value in values)
            if (value is not null && rule.Matches(value)) return true;
        return false;
    }
}
