using Easegress.IpFiltering;
using Easegress.Protocols.Http;
using Easegress.Specs;
using Microsoft.AspNetCore.Http;

namespace Easegress.Objects.HTTPServer;

/// <summary>
/// The compiled routing of an HTTPServer: the server's ipFilter (403 before any routing), then rules in order,
/// the first whose hosts match and whose ipFilter lets the client in deciding by its router — <c>Ordered</c> (paths in
/// declaration order) or <c>RadixTree</c>; a rule none of whose paths takes the request passes it on to the next.
/// When nothing takes it the status says why: 403, else 400, else 405, else 404. Immutable and thread-safe; matching
/// exact and prefix paths allocates nothing, and the client's address is only worked out if an ipFilter needs it.
/// </summary>
public sealed class RouteTable
{
    public const string Ordered = "Ordered";
    public const string RadixTree = "RadixTree";

    private readonly IpFilter? _serverFilter;
    private readonly Rule[] _rules;

    private RouteTable(IpFilter? serverFilter, Rule[] rules, bool usesClientAddress)
    {
        _serverFilter = serverFilter;
        _rules = rules;
        UsesClientAddress = usesClientAddress;
    }

    /// <summary>True when some ipFilter needs the client's address.</summary>
    public bool UsesClientAddress { get; }

    /// <summary>Compiles the spec's rules; throws <see cref="SpecException"/> naming the field (<c>rules[0].paths[1].pathRegexp</c>).</summary>
    public static RouteTable Build(HttpServerSpec spec) => Build(spec, "");

    internal static RouteTable Build(HttpServerSpec spec, string path)
    {
        var radix = spec.RouterKind == RadixTree;
        var serverFilter = IpFilter.Build(spec.IpFilter, SpecException.Join(path, "ipFilter"));
        var usesClientAddress = serverFilter is not null;
        var rulesPath = SpecException.Join(path, "rules");
        var rules = new Rule[spec.Rules.Count];
        for (var i = 0; i < rules.Length; i++)
        {
            var ruleSpec = spec.Rules[i];
            var rulePath = SpecException.Index(rulesPath, i);
            var pathsPath = SpecException.Join(rulePath, "paths");
            var routes = new RoutePath[ruleSpec.Paths.Count];
            for (var p = 0; p < routes.Length; p++)
            {
                var pathSpec = ruleSpec.Paths[p];
                routes[p] = new RoutePath(pathSpec, spec.EffectiveClientMaxBodySize(pathSpec.ClientMaxBodySize), SpecException.Index(pathsPath, p));
                usesClientAddress |= routes[p].UsesClientAddress;
            }
            IPathRouter router = radix
                ? RadixRouter.Build(ruleSpec.Paths, routes, pathsPath)
                : new OrderedRouter(routes.Select((route, p) => new OrderedPath(ruleSpec.Paths[p], route, SpecException.Index(pathsPath, p))).ToArray());
            var ruleFilter = IpFilter.Build(ruleSpec.IpFilter, SpecException.Join(rulePath, "ipFilter"));
            usesClientAddress |= ruleFilter is not null;
            rules[i] = new Rule(HostsOf(ruleSpec, rulePath), ruleFilter, router);
        }
        return new RouteTable(serverFilter, rules, usesClientAddress);
    }

    private static HostPattern[] HostsOf(RouteRuleSpec rule, string rulePath)
    {
        var hosts = new List<HostPattern>();
        if (!string.IsNullOrEmpty(rule.Host)) hosts.Add(HostPattern.Parse(rule.Host, false, SpecException.Join(rulePath, "host")));
        if (!string.IsNullOrEmpty(rule.HostRegexp)) hosts.Add(HostPattern.Parse(rule.HostRegexp, true, SpecException.Join(rulePath, "hostRegexp")));
        for (var h = 0; h < (rule.Hosts?.Count ?? 0); h++)
        {
            var host = rule.Hosts![h];
            hosts.Add(HostPattern.Parse(host.Value, host.IsRegexp, SpecException.Join(SpecException.Index(SpecException.Join(rulePath, "hosts"), h), "value")));
        }
        return hosts.ToArray();
    }

    /// <summary>Routes a request by its client address (when an ipFilter needs it), method, Host, path, headers and
    /// (only for paths with queries) query.</summary>
    public RouteResult Match(HttpRequest request)
    {
        var client = UsesClientAddress ? ClientAddress.Of(request.HttpContext) : ClientAddress.Unknown;
        return Match(new RouteRequest(request.Method, request.Path.Value ?? "", request.Headers, request, null, client), request.Headers.Host.ToString());
    }

    /// <summary>Routes by explicit parts; <paramref name="host"/> may carry a port, which is ignored.</summary>
    public RouteResult Match(string method, string? host, string path, IHeaderDictionary headers, IQueryCollection? query = null,
        ClientAddress client = default) =>
        Match(new RouteRequest(method, path, headers, null, query ?? QueryCollection.Empty, client), host);

    private RouteResult Match(in RouteRequest request, string? rawHost)
    {
        if (_serverFilter is not null && !_serverFilter.Allows(request.Client)) return RouteResult.Forbidden;
        var host = HostWithoutPort(rawHost is null ? null : CanonicalHost.Of(rawHost));
        var mismatch = new RouteMismatch();
        foreach (var rule in _rules)
        {
            if (!rule.MatchesHost(host)) continue;
            if (rule.Filter is not null && !rule.Filter.Allows(request.Client))
            {
                mismatch.Forbidden = true;
                continue;
            }
            if (rule.Paths.TryRoute(request, ref mismatch, out var result)) return result;
        }
        return mismatch.Result;
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

    private sealed class Rule(HostPattern[] hosts, IpFilter? filter, IPathRouter paths)
    {
        public IpFilter? Filter { get; } = filter;
        public IPathRouter Paths { get; } = paths;

        public bool MatchesHost(ReadOnlySpan<char> host)
        {
            if (hosts.Length == 0) return true;
            foreach (var pattern in hosts)
                if (pattern.Matches(host)) return true;
            return false;
        }
    }
}
