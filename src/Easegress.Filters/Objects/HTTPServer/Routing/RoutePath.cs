using Easegress.IpFiltering;
using Easegress.Protocols.Http;
using Easegress.Pipelines;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>What a path requires beyond its path pattern (methods, headers, queries, client IP) and where it goes.</summary>
internal sealed class RoutePath
{
    private readonly HttpMethodSet _methods;
    private readonly ValueCondition[] _headers;
    private readonly bool _matchAllHeader;
    private readonly ValueCondition[] _queries;
    private readonly bool _matchAllQuery;
    private readonly IpFilter? _ipFilter;
    private readonly bool _hasConditions;

    public RoutePath(RoutePathSpec spec, long clientMaxBodySize, string path)
    {
        _methods = HttpMethodSet.Parse(spec.Methods, SpecException.Join(path, "methods"));
        _headers = ValueCondition.Build(spec.Headers, SpecException.Join(path, "headers"));
        _matchAllHeader = spec.MatchAllHeader;
        _queries = ValueCondition.Build(spec.Queries, SpecException.Join(path, "queries"));
        _matchAllQuery = spec.MatchAllQuery;
        _ipFilter = IpFilter.Build(spec.IpFilter, SpecException.Join(path, "ipFilter"));
        _hasConditions = !_methods.IsAll || _headers.Length > 0 || _queries.Length > 0 || _ipFilter is not null;
        Backend = spec.Backend;
        ClientMaxBodySize = clientMaxBodySize;
        Route = string.IsNullOrEmpty(spec.PathPrefix) ? null : new MatchedRoute(spec.PathPrefix);
    }

    public string Backend { get; }
    /// <summary>The path's <c>pathPrefix</c>, if it has one (RedirectorV2's ReplacePrefixMatch replaces it), as the
    /// request feature the server sets: one per path, not per request.</summary>
    public MatchedRoute? Route { get; }
    public long ClientMaxBodySize { get; }
    public bool UsesClientAddress => _ipFilter is not null;

    /// <summary>Methods, then headers, then queries, then the IP filter, as Easegress checks them; a failure is recorded.</summary>
    public bool Accepts(in RouteRequest request, ref RouteMismatch mismatch)
    {
        if (!_hasConditions) return true;
        if (!_methods.Contains(request.Method))
        {
            mismatch.Method = true;
            return false;
        }
        if (_headers.Length > 0 && !ValueCondition.Match(_headers, _matchAllHeader, request.Headers, static (h, key) => h[key]))
        {
            mismatch.HeaderOrQuery = true;
            return false;
        }
        if (_queries.Length > 0 && !ValueCondition.Match(_queries, _matchAllQuery, request, static (r, key) => r.Query(key)))
        {
            mismatch.HeaderOrQuery = true;
            return false;
        }
        if (_ipFilter is not null && !_ipFilter.Allows(request.Client))
        {
            mismatch.Forbidden = true;
            return false;
        }
        return true;
    }

    public RouteResult Matched(string? rewrittenPath) => new(RouteOutcome.Matched, Backend, rewrittenPath, ClientMaxBodySize, Route);
}
