using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Specs;
using Microsoft.Extensions.Primitives;

namespace Easegress.Objects.HTTPServer;

/// <summary>A path's header or query condition: the first value of a key, compared with a list and/or a regexp.</summary>
internal sealed class ValueCondition
{
    private readonly string[] _values;
    private readonly Regex? _regex;

    private ValueCondition(string key, string[] values, Regex? regex)
    {
        Key = key;
        _values = values;
        _regex = regex;
    }

    public string Key { get; }

    public static ValueCondition[] Build(List<ValueMatchSpec>? specs, string path)
    {
        if (specs is null || specs.Count == 0) return [];
        var conditions = new ValueCondition[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var at = SpecException.Index(path, i);
            var regex = string.IsNullOrEmpty(spec.Regexp) ? null : SpecRegex.Compile(spec.Regexp, SpecException.Join(at, "regexp"));
            conditions[i] = new ValueCondition(spec.Key, spec.Values?.ToArray() ?? [], regex);
        }
        return conditions;
    }

    /// <summary>Every condition holds (<c>matchAll</c>), or at least one does (Easegress's two modes).</summary>
    public static bool Match<TSource>(ValueCondition[] conditions, bool matchAll, TSource source, Func<TSource, string, StringValues> lookup)
    {
        foreach (var condition in conditions)
        {
            var values = lookup(source, condition.Key);
            var value = values.Count == 0 ? "" : values[0] ?? "";
            if (matchAll)
            {
                if (condition._values.Length > 0 && Array.IndexOf(condition._values, value) < 0) return false;
                if (condition._regex is not null && !condition._regex.IsMatch(value)) return false;
            }
            else
            {
                if (Array.IndexOf(condition._values, value) >= 0) return true;
                if (condition._regex is not null && condition._regex.IsMatch(value)) return true;
            }
        }
        return matchAll;
    }
}
