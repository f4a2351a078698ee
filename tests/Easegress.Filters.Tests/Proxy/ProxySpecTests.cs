using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Proxy;

public sealed class ProxySpecTests
{
    private static string Error(string fieldsYaml) => TestSpecs.FilterError($"""
        name: proxy
        kind: Proxy
        {fieldsYaml}
        """);

    [Fact]
    public void The_kind_declares_Easegress_results()
    {
        Assert.True(BuiltInKinds.Filters.TryGet("Proxy", out var kind));
        Assert.Equal(["internalError", "clientError", "serverError", "failureCode", "timeout", "shortCircuited"], kind.Results);
    }

    [Fact]
    public void Both_dialects_bind()
    {
        var v2 = TestSpecs.Filter<ProxySpec>("""
            name: proxy
            kind: Proxy
            pools:
            - servers:
              - url: http://127.0.0.1:9095
                weight: 2
                tags: [a]
              - url: https://backend.example.com/base
                weight: 1
                keepHost: true
              loadBalance:
                policy: weightedRandom
              failureCodes: [502, 503]
              timeout: 500ms
            """);
        var v1 = TestSpecs.Filter<ProxySpec>("""
            name: proxy
            kind: Proxy
            mainPool:
              servers:
              - url: http://127.0.0.1:9095
              loadBalance:
                policy: roundRobin
            failureCodes: [500]
            """);

        var pool = Assert.Single(v2.Pools!);
        Assert.Equal(2, pool.Servers.Count);
        Assert.True(pool.Servers[1].KeepHost);
        Assert.Equal(TimeSpan.FromMilliseconds(500), pool.Timeout);
        Assert.Equal("http://127.0.0.1:9095", v1.MainPool!.Servers[0].Url);
        Assert.Equal([500], v1.FailureCodes!);
    }

    [Theory]
    [InlineData("", "filters[0].pools: is required (or mainPool, in the v1 form)")]
    [InlineData("pools: []", "filters[0].pools: one and only one pool without filter (the main pool) is required, found 0")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}, {servers: [{url: 'http://b'}]}]",
        "filters[0].pools: one and only one pool without filter (the main pool) is required, found 2")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], filter: {headers: {X: {exact: y}}}}]",
        "filters[0].pools: one and only one pool without filter (the main pool) is required, found 0")]
    [InlineData("pools: [{servers: []}]", "filters[0].pools[0].servers: at least one server is required")]
    [InlineData("pools: [{servers: [{url: 'http://a'}, {url: 'not a url'}]}]", "filters[0].pools[0].servers[1].url: not a URL")]
    [InlineData("pools: [{servers: [{url: '/relative'}]}]", "filters[0].pools[0].servers[0].url: not a URL")]
    [InlineData("pools: [{servers: [{url: 'ftp://a'}]}]", "filters[0].pools[0].servers[0].url: must be an http or https URL, not ftp")]
    [InlineData("pools: [{servers: [{url: 'http://a?x=1'}]}]", "filters[0].pools[0].servers[0].url: must not have a query or fragment")]
    [InlineData("pools: [{servers: [{weight: 3}]}]", "filters[0].pools[0].servers[0].url: is required")]
    [InlineData("pools: [{servers: [{url: 'http://a', weight: 101}]}]", "filters[0].pools[0].servers[0].weight: must be between 0 and 100")]
    [InlineData("pools: [{servers: [{url: 'http://a', weight: 1}, {url: 'http://b'}]}]", "filters[0].pools[0].servers: not all servers have weight (1/2)")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], loadBalance: {policy: weightedRandom}}]",
        "filters[0].pools[0].loadBalance.policy: weightedRandom needs a weight on every server")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], loadBalance: {policy: leastConn}}]",
        "filters[0].pools[0].loadBalance.policy: unknown load balance policy \"leastConn\" (one of roundRobin, random, weightedRandom, ipHash, headerHash, cookieHash)")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], loadBalance: {policy: headerHash}}]",
        "filters[0].pools[0].loadBalance.headerHashKey: is required by the headerHash policy")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], failureCodes: [700]}]", "filters[0].pools[0].failureCodes[0]: 700 is not an HTTP status code")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], timeout: soon}]", "filters[0].pools[0].timeout: must be a duration like 500ms, 10s or 1m30s, not \"soon\"")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\nmainPool: {servers: [{url: 'http://a'}]}", "filters[0].mainPool: give either pools (v2) or mainPool (v1), not both")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\nfailureCodes: [500]", "filters[0].failureCodes: with pools (v2), failureCodes belongs to each pool")]
    [InlineData("mainPool: {servers: [{url: 'http://a'}], filter: {headers: {X: {exact: y}}}}", "filters[0].mainPool.filter: must be empty in mainPool")]
    [InlineData("mainPool: {servers: [{url: 'http://a'}]}\ncandidatePools: [{servers: [{url: 'http://b'}]}]", "filters[0].candidatePools[0].filter: is required in a candidate pool")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\ncandidatePools: []", "filters[0].candidatePools: belongs to the v1 form (mainPool); with pools, give candidates a filter")]
    [InlineData("mainPool: {servers: [{url: 'http://a'}]}\nfallback: {mockCode: 200}", "filters[0].fallback: not supported (removed in Easegress v2): send failures elsewhere with jumpIf")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\nmirrorPool: {}", "filters[0].mirrorPool.servers: at least one server is required")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], serviceName: svc}]", "filters[0].pools[0].serviceName: not supported yet; list servers")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], memoryCache: {}}]", "filters[0].pools[0].memoryCache.codes: is required")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], loadBalance: {stickySession: {}}}]", "filters[0].pools[0].loadBalance.stickySession.mode: is required")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], bogus: 1}]", "filters[0].pools[0].bogus: unknown field")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], healthCheck: {fails: 0}}]", "filters[0].pools[0].healthCheck.fails: must be at least 1")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], healthCheck: {uri: health}}]", "filters[0].pools[0].healthCheck.uri: must start with /")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], healthCheck: {match: {statusCodes: [[299, 200]]}}}]",
        "filters[0].pools[0].healthCheck.match.statusCodes[0]: must be a range [from, to] of HTTP status codes")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], healthCheck: {match: {body: {value: x, type: glob}}}}]",
        "filters[0].pools[0].healthCheck.match.body.type: must be contains or regexp, not \"glob\"")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\nserverMaxBodySize: -2",
        "filters[0].serverMaxBodySize: must be -1 (stream), 0 (the default, 4 MiB) or a size in bytes, not -2")]
    [InlineData("pools: [{servers: [{url: 'http://a'}], serverMaxBodySize: big}]", "filters[0].pools[0].serverMaxBodySize: must be a number, not \"big\"")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\ncompression: {minLength: -1}", "filters[0].compression.minLength: must not be negative")]
    [InlineData("pools: [{servers: [{url: 'http://a'}]}]\ncompression: {level: 9}", "filters[0].compression.level: unknown field")]
    public void Bad_specs_are_reported_with_the_field_path(string fieldsYaml, string message)
    {
        Assert.Equal(message, Error(fieldsYaml));
    }

    [Theory]
    [InlineData("{policy: general}", "filters[0].pools[0].filter.headers: is required by the general policy")]
    [InlineData("{policy: random}", "filters[0].pools[0].filter.permil: must be between 1 and 1000 for the random policy")]
    [InlineData("{policy: headerHash, permil: 10}", "filters[0].pools[0].filter.headerHashKey: is required by the headerHash policy")]
    [InlineData("{policy: sometimes, permil: 10}", "filters[0].pools[0].filter.policy: unknown filter policy \"sometimes\" (one of general, random, ipHash, headerHash)")]
    [InlineData("{headers: {X: {}}}", "filters[0].pools[0].filter.headers.X: give exact, prefix, regex or empty")]
    [InlineData("{headers: {X: {regex: '(x'}}}", "filters[0].pools[0].filter.headers.X.regex: invalid regular expression")]
    [InlineData("{headers: {X: {exact: y}}, urls: [{methods: [YANK], url: {prefix: /}}]}", "filters[0].pools[0].filter.urls[0].methods[0]: \"YANK\" is not an HTTP method")]
    public void Bad_candidate_filters_are_reported_with_the_field_path(string filterYaml, string message)
    {
        var error = Error($"pools: [{{servers: [{{url: 'http://a'}}], filter: {filterYaml}}}, {{servers: [{{url: 'http://b'}}]}}]");
        Assert.StartsWith(message, error);
    }
}
