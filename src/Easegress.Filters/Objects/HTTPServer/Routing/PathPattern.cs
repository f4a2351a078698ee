using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>The kinds of pattern segment, in the order the RadixTree router prefers them at each character.</summary>
internal enum SegmentKind
{
    /// <summary>Literal text.</summary>
    Static,
    /// <summary><c>{name:regexp}</c>: the text up to <see cref="PatternSegment.Tail"/>, matching the anchored regexp.</summary>
    Regexp,
    /// <summary><c>{name}</c>: the text up to <see cref="PatternSegment.Tail"/>, not empty and without <c>/</c>.</summary>
    Param,
    /// <summary><c>*</c> at the end: whatever is left, captured as <c>EG_WILDCARD</c>.</summary>
    CatchAll,
}

/// <param name="Text">The literal text of a static segment.</param>
/// <param name="RegexText">The anchored pattern of a regexp segment (two paths with the same one share a tree edge).</param>
/// <param name="Tail">The character that ends a parameter's value: the one written after it, else <c>/</c>.</param>
internal sealed record PatternSegment(SegmentKind Kind, string Text, string? RegexText, Regex? Regex, char Tail);

/// <summary>A RadixTree <c>path</c> such as <c>/users/{name}</c>, <c>/users/{id:[0-9]+}/posts</c> or <c>/static/*</c>.</summary>
internal sealed class PathPattern
{
    public const string WildcardKey = "EG_WILDCARD";
    public const int MaxCaptures = 32;

    private PathPattern(string text, PatternSegment[] segments, string[] keys)
    {
        Text = text;
        Segments = segments;
        Keys = keys;
    }

    public string Text { get; }
    public PatternSegment[] Segments { get; }
    /// <summary>The names of the captured values, in order: parameters, then <see cref="WildcardKey"/> for <c>*</c>.</summary>
    public string[] Keys { get; }
    public bool IsStatic => Keys.Length == 0;

    /// <summary>Parses the pattern; throws <see cref="SpecException"/> at <paramref name="path"/> saying what is wrong.</summary>
    public static PathPattern Parse(string pattern, string path)
    {
        var segments = new List<PatternSegment>();
        var keys = new List<string>();
        var literalStart = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '*':
                    if (i != pattern.Length - 1)
                        throw new SpecException(path, "* must be the last character; use a {parameter} in the middle of a path");
                    AddLiteral(pattern, literalStart, i, segments);
                    segments.Add(new PatternSegment(SegmentKind.CatchAll, "", null, null, '\0'));
                    keys.Add(WildcardKey);
                    literalStart = i = pattern.Length;
                    break;
                case '{':
                    AddLiteral(pattern, literalStart, i, segments);
                    var close = ClosingBrace(pattern, i, path);
                    segments.Add(Parameter(pattern, i, close, keys, path));
                    literalStart = i = close + 1;
                    break;
                case '}':
                    throw new SpecException(path, $"}} at {i} closes no {{");
                default:
                    i++;
                    break;
            }
        }
        AddLiteral(pattern, literalStart, pattern.Length, segments);
        if (keys.Count > MaxCaptures) throw new SpecException(path, $"more than {MaxCaptures} parameters");
        return new PathPattern(pattern, segments.ToArray(), keys.ToArray());
    }

    private static void AddLiteral(string pattern, int start, int end, List<PatternSegment> segments)
    {
        if (end > start) segments.Add(new PatternSegment(SegmentKind.Static, pattern[start..end], null, null, '\0'));
    }

    private static int ClosingBrace(string pattern, int open, string path)
    {
        var depth = 0;
        for (var i = open; i < pattern.Length; i++)
        {
            if (pattern[i] == '{') depth++;
            else if (pattern[i] == '}' && --depth == 0) return i;
        }
        throw new SpecException(path, $"{{ at {open} is not closed");
    }

    private static PatternSegment Parameter(string pattern, int open, int close, List<string> keys, string path)
    {
        var inner = pattern[(open + 1)..close];
        var colon = inner.IndexOf(':');
        var name = colon < 0 ? inner : inner[..colon];
        if (name.Length == 0 || name.AsSpan().IndexOfAny("/{}*") >= 0)
            throw new SpecException(path, $"\"{{{inner}}}\" needs a name without / {{ }} or *");
        if (name == WildcardKey) throw new SpecException(path, $"{WildcardKey} is the name of *, not of a parameter");
        if (keys.Contains(name)) throw new SpecException(path, $"parameter {name} appears twice");
        keys.Add(name);

        var tail = close + 1 < pattern.Length ? pattern[close + 1] : '/';
        if (tail is '{' or '*') throw new SpecException(path, $"parameter {name} must be followed by a literal character, not {tail}");
        if (colon < 0) return new PatternSegment(SegmentKind.Param, name, null, null, tail);

        var expression = inner[(colon + 1)..];
        if (expression.Length == 0) throw new SpecException(path, $"parameter {name} has an empty regexp");
        if (expression[0] != '^') expression = "^" + expression;
        if (expression[^1] != '$') expression += "$";
        return new PatternSegment(SegmentKind.Regexp, name, expression, SpecRegex.Compile(expression, path), tail);
    }
}
