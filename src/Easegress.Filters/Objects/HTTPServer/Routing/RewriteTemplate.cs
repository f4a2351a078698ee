using System.Text;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>A RadixTree <c>rewriteTarget</c>: literal text and <c>{name}</c> / <c>{EG_WILDCARD}</c> references to the
/// values the path captured. Without references it replaces the whole path.</summary>
internal sealed class RewriteTemplate
{
    private readonly (string? Literal, int Capture)[] _parts;

    private RewriteTemplate((string?, int)[] parts) => _parts = parts;

    public static RewriteTemplate Parse(string target, PathPattern pattern, string path)
    {
        if (target.Contains('*')) throw new SpecException(path, $"* is not allowed; write {{{PathPattern.WildcardKey}}} for what * matched");
        var parts = new List<(string?, int)>();
        var literalStart = 0;
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] != '{') continue;
            var close = target.IndexOf('}', i);
            if (close < 0) throw new SpecException(path, $"{{ at {i} is not closed");
            var key = target[(i + 1)..close];
            var index = Array.IndexOf(pattern.Keys, key);
            if (index < 0) throw new SpecException(path, $"{{{key}}} is not a parameter of path {pattern.Text}");
            if (i > literalStart) parts.Add((target[literalStart..i], -1));
            parts.Add((null, index));
            literalStart = close + 1;
            i = close;
        }
        if (target.Length > literalStart) parts.Add((target[literalStart..], -1));
        return new RewriteTemplate(parts.ToArray());
    }

    /// <param name="path">The request path the captures point into.</param>
    public string Render(string path, ReadOnlySpan<Range> captures)
    {
        if (_parts.Length == 1 && _parts[0].Literal is { } only) return RewrittenPath.Rooted(only);
        var builder = new StringBuilder(path.Length + 16);
        foreach (var (literal, capture) in _parts)
        {
            if (literal is not null) builder.Append(literal);
            else builder.Append(path.AsSpan()[captures[capture]]);
        }
        return RewrittenPath.Rooted(builder.ToString());
    }
}
