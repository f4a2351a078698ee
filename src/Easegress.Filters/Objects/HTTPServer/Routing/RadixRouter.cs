using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>
/// Easegress's <c>RadixTree</c> router for one rule: a path without parameters is looked up exactly first;
/// otherwise the tree decides, preferring at each character a full match, then a regexp parameter, then a
/// parameter, then <c>*</c>. Paths use <c>path</c> only; <c>rewriteTarget</c> may refer to <c>{name}</c> and
/// <c>{EG_WILDCARD}</c>.
/// </summary>
internal sealed class RadixRouter : IPathRouter
{
    private readonly Dictionary<string, RadixLeaf[]> _exact;
    private readonly RadixNode _tree;
    private readonly int _maxCaptures;

    private RadixRouter(Dictionary<string, RadixLeaf[]> exact, RadixNode tree, int maxCaptures)
    {
        _exact = exact;
        _tree = tree;
        _maxCaptures = maxCaptures;
    }

    /// <param name="specs">The rule's paths.</param>
    /// <param name="routes">Their compiled conditions, one per spec.</param>
    /// <param name="pathsPath">The field path of the rule's <c>paths</c>, for errors.</param>
    public static RadixRouter Build(IReadOnlyList<RoutePathSpec> specs, IReadOnlyList<RoutePath> routes, string pathsPath)
    {
        var leaves = new List<RadixLeaf>(specs.Count);
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var at = SpecException.Index(pathsPath, i);
            if (!string.IsNullOrEmpty(spec.PathPrefix))
                throw new SpecException(SpecException.Join(at, "pathPrefix"), "routerKind RadixTree matches path only; write path: /prefix/* instead");
            if (!string.IsNullOrEmpty(spec.PathRegexp))
                throw new SpecException(SpecException.Join(at, "pathRegexp"), "routerKind RadixTree matches path only; write a parameter with a regexp, like path: /users/{id:[0-9]+}");
            if (string.IsNullOrEmpty(spec.Path))
                throw new SpecException(SpecException.Join(at, "path"), "is required with routerKind RadixTree");
            var pattern = PathPattern.Parse(spec.Path, SpecException.Join(at, "path"));
            var rewrite = string.IsNullOrEmpty(spec.RewriteTarget) ? null
                : RewriteTemplate.Parse(spec.RewriteTarget, pattern, SpecException.Join(at, "rewriteTarget"));
            leaves.Add(new RadixLeaf(routes[i], pattern, rewrite));
        }
        var exact = leaves.Where(l => l.Pattern.IsStatic).GroupBy(l => l.Pattern.Text, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var tree = RadixNode.Build(leaves.Where(l => !l.Pattern.IsStatic));
        return new RadixRouter(exact, tree, leaves.Count == 0 ? 0 : leaves.Max(l => l.Pattern.Keys.Length));
    }

    public bool TryRoute(in RouteRequest request, ref RouteMismatch mismatch, out RouteResult result)
    {
        var path = request.Path;
        if (_exact.TryGetValue(path, out var exact))
        {
            foreach (var leaf in exact)
            {
                if (!leaf.Route.Accepts(request, ref mismatch)) continue;
                result = leaf.Route.Matched(leaf.Rewrite?.Render(path, default));
                return true;
            }
        }
        Span<Range> captures = stackalloc Range[_maxCaptures];
        if (_tree.Find(path, 0, request, ref mismatch, captures, 0) is { } found)
        {
            result = found.Route.Matched(found.Rewrite?.Render(path, captures[..found.Pattern.Keys.Length]));
            return true;
        }
        result = default;
        return false;
    }
}
