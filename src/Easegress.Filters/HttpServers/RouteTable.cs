using Easegress.Filters.Specs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Easegress.Filters.HttpServers;

/// <summary>
/// The compiled routing rules of an HTTPServer, Easegress's <c>Ordered</c> router (§C): rules in order, the first
/// whose hosts match; within it, paths in declaration order (not longest prefix), the first whose path, methods,
/// headers and queries all match. Immutable and thread-safe; matching exact and prefix paths allocates nothing.
/// </summary>
public sealed class RouteTable
{
    private readonly Rule[] _rules;

    private RouteTable(Rule[] rules) => _rules = rules;

    /// <summary>Compiles the spec's rules; throws <see cref="SpecException"/> naming the field (<c>rules[0].paths[1].pathRegexp</c>).</summary>
    public static RouteTable Build(HttpServerSpec spec) => Build(spec, "");

    internal static RouteTable Build(HttpServerSpec spec, string path)
    {
        var rulesPath = SpecException.Join(path, "rules");
        var rules = new Rule[spec.Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            var ruleSpec = spec.Rules[i];
            var rulePath = SpecException.Index(rulesPath, i);
            var hosts = new List<HostPattern>();
            if (!string.IsNullOrEmpty(ruleSpec.Host)) hosts.Add(HostPattern.Parse(ruleSpec.Host, false, SpecException.Join(rulePath, "host")));
            if (!string.IsNullOrEmpty(ruleSpec.HostRegexp)) hosts.Add(HostPattern.Parse(ruleSpec.HostRegexp, true, SpecException.Join(rulePath, "hostRegexp")));
            for (var h = 0; h < (ruleSpec.Hosts?.Count ?? 0); h++)
            {
                var host = ruleSpec.Hosts![h];
                hosts.Add(HostPattern.Parse(host.Value, host.IsRegexp, SpecException.Join(SpecException.Index(SpecException.Join(rulePath, "hosts"), h), "value")));
            }
            var paths = new RoutePath[ruleSpec.Paths.Count];
            for (var p = 0; p < paths.Length; p++)
            {
                var pathSpec = ruleSpec.Paths[p];
                paths[p] = new RoutePath(pathSpec, spec.EffectiveClientMaxBodySize(pathSpec.ClientMaxBodySize),
                    SpecException.Index(SpecException.Join(rulePath, "paths"), p));
            }
            rules[i] = new Rule(hosts.ToArray(), paths);
        }
        return new RouteTable(rules);
    }

    /// <summary>Routes a request by its method, Host, path, headers and (only for paths with queries) query.</summary>
    public RouteResult Match(HttpRequest request) =>
        Match(request.Method, request.Host.Value, request.Path.Value ?? "", request.Headers, request, static (r, key) => r.Query[key]);

    /// <summary>Routes by explicit parts; <paramref name="host"/> may carry a port, which is ignored.</summary>
    public RouteResult Match(string method, string? host, string path, IHeaderDictionary headers, IQueryCollection? query = null) =>
        Match(method, host, path, headers, query, static (q, key) => q is null ? StringValues.Empty : q[key]);

    private RouteResult Match<TQuery>(string method, string? rawHost, string path, IHeaderDictionary headers,
        TQuery query, Func<TQuery, string, StringValues> queryLookup)
    {
        var host = HostWithoutPort(rawHost);
        var methodMismatch = false;
        var conditionMismatch = false;
        foreach (var rule in _rules)
        {
            if (!rule.MatchesHost(host)) continue;
            foreach (var route in rule.Paths)
            {
                if (!route.MatchesPath(path)) continue;
                if (route.HasConditions)
                {
                    if (!route.Methods.Contains(method)) { methodMismatch = true; continue; }
                    if (route.Headers.Length > 0 && !ValueCondition.Match(route.Headers, route.MatchAllHeader, headers, static (h, key) => h[key]))
                    {
                        conditionMismatch = true;
                        continue;
                    }
                    if (route.Queries.Length > 0 && !ValueCondition.Match(route.Queries, route.MatchAllQuery, query, queryLookup))
                    {
                        conditionMismatch = true;
                        continue;
                    }
                }
                return new RouteResult(RouteOutcome.Matched, route.Backend, route.Rewrite(path), route.ClientMaxBodySize, route.PathPrefix);
            }
        }
        if (conditionMismatch) return RouteResult.BadRequest;
        return methodMismatch ? RouteResult.MethodNotAllowed : RouteResult.NotFound;
    }

    /// <summary>The host of a Host header value: <c>example.com:8080</c> → <c>example.com</c>, <c>[::1]:80</c> → <c>::1</c>.</summary>
    internal static ReadOnlySpan<char> HostWithoutPort(string? host)
    {
        if (string.IsNullOrEmpty(host)) return "";
        var span = host.AsSpan();
        if (span[0] == '[')
        {
            var end = span.IndexOf(']');
            return end > 0 && end + 1 < span.Length && span[end + 1] == ':' ? span[1..end] : span;
        }
        var colon = span.IndexOf(':');
        return colon >= 0 && span.LastIndexOf(':') == colon ? span[..colon] : span;
    }

    private sealed class Rule(HostPattern[] hosts, RoutePath[] paths)
    {
        public RoutePath[] Paths { get; } = paths;

        public bool MatchesHost(ReadOnlySpan<char> host)
        {
            if (hosts.Length == 0) return true;
            foreach (var pattern in hosts)
                if (pattern.Matches(host)) return true;
            return false;
        }
    }
}
