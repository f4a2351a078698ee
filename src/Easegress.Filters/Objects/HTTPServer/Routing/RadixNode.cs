using System.Text.RegularExpressions;

namespace Easegress.Objects.HTTPServer;

/// <summary>A path of the RadixTree router, at the tree node where its pattern ends.</summary>
internal sealed record RadixLeaf(RoutePath Route, PathPattern Pattern, RewriteTemplate? Rewrite);

/// <summary>
/// A node of the RadixTree router's tree: static children by their text (compressed), then regexp parameters, then
/// plain parameters, then <c>*</c>. A lookup tries them in that order at every character and backs up when a branch
/// ends without a path that accepts the request, so a full match beats a regexp, a regexp a parameter, and a parameter
/// a prefix. Immutable; a lookup allocates nothing.
/// </summary>
internal sealed class RadixNode
{
    private readonly string _prefix;
    private readonly char[] _labels;
    private readonly RadixNode[] _statics;
    private readonly ParameterEdge[] _regexps;
    private readonly ParameterEdge[] _parameters;
    private readonly RadixLeaf[] _ends;
    private readonly RadixLeaf[] _catchAlls;

    private sealed record ParameterEdge(Regex? Regex, char Tail, RadixNode Next);

    private RadixNode(string prefix, RadixNode[] statics, ParameterEdge[] regexps, ParameterEdge[] parameters, RadixLeaf[] ends, RadixLeaf[] catchAlls)
    {
        _prefix = prefix;
        _statics = statics;
        _labels = statics.Select(s => s._prefix[0]).ToArray();
        _regexps = regexps;
        _parameters = parameters;
        _ends = ends;
        _catchAlls = catchAlls;
    }

    /// <summary>Builds the tree of the leaves, in declaration order (the first of equal patterns is tried first).</summary>
    public static RadixNode Build(IEnumerable<RadixLeaf> leaves)
    {
        var root = new Builder();
        foreach (var leaf in leaves) root.Insert(leaf);
        return root.Freeze("");
    }

    /// <summary>The leaf for the rest of the path, with its captured values written to <paramref name="captures"/>.</summary>
    /// <param name="offset">Where <paramref name="rest"/> starts in the request path (captures are ranges of it).</param>
    /// <param name="count">How many values were captured on the way here.</param>
    public RadixLeaf? Find(ReadOnlySpan<char> rest, int offset, in RouteRequest request, ref RouteMismatch mismatch, Span<Range> captures, int count)
    {
        if (rest.IsEmpty)
        {
            foreach (var leaf in _ends)
                if (leaf.Route.Accepts(request, ref mismatch)) return leaf;
        }
        else
        {
            var index = Array.BinarySearch(_labels, rest[0]);
            if (index >= 0)
            {
                var child = _statics[index];
                if (rest.StartsWith(child._prefix, StringComparison.Ordinal)
                    && child.Find(rest[child._prefix.Length..], offset + child._prefix.Length, request, ref mismatch, captures, count) is { } found)
                    return found;
            }
            if (FindParameter(_regexps, rest, offset, request, ref mismatch, captures, count) is { } byRegexp) return byRegexp;
            if (FindParameter(_parameters, rest, offset, request, ref mismatch, captures, count) is { } byParameter) return byParameter;
        }
        foreach (var leaf in _catchAlls)
        {
            if (!leaf.Route.Accepts(request, ref mismatch)) continue;
            captures[count] = new Range(offset, offset + rest.Length);
            return leaf;
        }
        return null;
    }

    private static RadixLeaf? FindParameter(ParameterEdge[] edges, ReadOnlySpan<char> rest, int offset, in RouteRequest request,
        ref RouteMismatch mismatch, Span<Range> captures, int count)
    {
        foreach (var edge in edges)
        {
            var end = rest.IndexOf(edge.Tail);
            if (end < 0)
            {
                if (edge.Tail != '/') continue;
                end = rest.Length;
            }
            if (end == 0) continue;
            var value = rest[..end];
            if (edge.Regex is { } regex ? !regex.IsMatch(value) : value.Contains('/')) continue;
            captures[count] = new Range(offset, offset + end);
            if (edge.Next.Find(rest[end..], offset + end, request, ref mismatch, captures, count + 1) is { } found) return found;
        }
        return null;
    }

    /// <summary>The mutable tree <see cref="Build"/> fills in one character at a time, then compresses.</summary>
    private sealed class Builder
    {
        private readonly SortedDictionary<char, Builder> _characters = new();
        private readonly List<(string? RegexText, Regex? Regex, char Tail, Builder Next)> _regexps = [];
        private readonly List<(char Tail, Builder Next)> _parameters = [];
        private readonly List<RadixLeaf> _ends = [];
        private readonly List<RadixLeaf> _catchAlls = [];

        private bool IsPassThrough => _characters.Count == 1 && _regexps.Count == 0 && _parameters.Count == 0 && _ends.Count == 0 && _catchAlls.Count == 0;

        public void Insert(RadixLeaf leaf)
        {
            var node = this;
            foreach (var segment in leaf.Pattern.Segments)
            {
                switch (segment.Kind)
                {
                    case SegmentKind.Static:
                        foreach (var c in segment.Text)
                        {
                            if (!node._characters.TryGetValue(c, out var next)) node._characters[c] = next = new Builder();
                            node = next;
                        }
                        break;
                    case SegmentKind.Regexp:
                        var r = node._regexps.FindIndex(e => e.RegexText == segment.RegexText && e.Tail == segment.Tail);
                        if (r < 0) node._regexps.Add((segment.RegexText, segment.Regex, segment.Tail, new Builder()));
                        node = node._regexps[r < 0 ? ^1 : r].Next;
                        break;
                    case SegmentKind.Param:
                        var p = node._parameters.FindIndex(e => e.Tail == segment.Tail);
                        if (p < 0) node._parameters.Add((segment.Tail, new Builder()));
                        node = node._parameters[p < 0 ? ^1 : p].Next;
                        break;
                    case SegmentKind.CatchAll:
                        node._catchAlls.Add(leaf);
                        return;
                }
            }
            node._ends.Add(leaf);
        }

        public RadixNode Freeze(string prefix)
        {
            var statics = new List<RadixNode>();
            foreach (var (c, first) in _characters)
            {
                var text = new System.Text.StringBuilder().Append(c);
                var node = first;
                while (node.IsPassThrough)
                {
                    var (nextChar, next) = node._characters.First();
                    text.Append(nextChar);
                    node = next;
                }
                statics.Add(node.Freeze(text.ToString()));
            }
            // a parameter that ends at the next '/' is tried after those that end at another character (as Easegress does)
            var regexps = _regexps.OrderBy(e => e.Tail == '/').Select(e => new ParameterEdge(e.Regex, e.Tail, e.Next.Freeze(""))).ToArray();
            var parameters = _parameters.OrderBy(e => e.Tail == '/').Select(e => new ParameterEdge(null, e.Tail, e.Next.Freeze(""))).ToArray();
            return new RadixNode(prefix, statics.ToArray(), regexps, parameters, _ends.ToArray(), _catchAlls.ToArray());
        }
    }
}
