using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Proxy;

public sealed class PoolMatcherTests
{
    private static PoolMatcher Matcher(string filterYaml)
    {
        var spec = TestSpecs.Filter<ProxySpec>($$"""
            name: proxy
            kind: Proxy
            pools:
            - servers: [{url: 'http://a'}]
              filter: {{filterYaml}}
            - servers: [{url: 'http://b'}]
            """);
        return PoolMatcher.Create(spec.Pools![0].Filter!);
    }

    [Fact]
    public void General_matches_any_listed_header_by_default()
    {
        var matcher = Matcher("{headers: {X-A: {exact: '1'}, X-B: {prefix: 'be'}}}");

        Assert.True(matcher.Matches(Requests.Http(headers: [("X-A", "1")]).Request));
        Assert.True(matcher.Matches(Requests.Http(headers: [("X-B", "beta")]).Request));
        Assert.False(matcher.Matches(Requests.Http(headers: [("X-A", "2")]).Request));
    }

    [Fact]
    public void General_with_matchAllHeaders_needs_every_header_and_a_missing_header_is_empty()
    {
        var matcher = Matcher("{matchAllHeaders: true, headers: {X-A: {regex: '^[0-9]+$'}, X-B: {empty: true}}}");

        Assert.True(matcher.Matches(Requests.Http(headers: [("X-A", "42")]).Request));
        Assert.False(matcher.Matches(Requests.Http(headers: [("X-A", "42"), ("X-B", "set")]).Request));
        Assert.False(matcher.Matches(Requests.Http(headers: [("X-A", "x")]).Request));
    }

    [Fact]
    public void General_urls_narrow_by_method_and_path()
    {
        var matcher = Matcher("{headers: {X-A: {exact: '1'}}, urls: [{methods: [POST], url: {prefix: /orders}}]}");

        Assert.True(matcher.Matches(Requests.Http("POST", "/orders/7", headers: [("X-A", "1")]).Request));
        Assert.False(matcher.Matches(Requests.Http("GET", "/orders/7", headers: [("X-A", "1")]).Request));
        Assert.False(matcher.Matches(Requests.Http("POST", "/users", headers: [("X-A", "1")]).Request));
    }

    [Fact]
    public void Random_takes_about_permil_of_requests()
    {
        var matcher = Matcher("{policy: random, permil: 300}");
        var request = Requests.Http().Request;
        var taken = Enumerable.Range(0, 20_000).Count(_ => matcher.Matches(request));
        Assert.InRange(taken, 5_000, 7_000);
    }

    [Fact]
    public void Header_hash_is_stable_per_value()
    {
        var matcher = Matcher("{policy: headerHash, headerHashKey: X-User, permil: 500}");
        var decisions = Enumerable.Range(0, 200).Select(i => matcher.Matches(Requests.Http(headers: [("X-User", $"u{i}")]).Request)).ToArray();
        var again = Enumerable.Range(0, 200).Select(i => matcher.Matches(Requests.Http(headers: [("X-User", $"u{i}")]).Request)).ToArray();

        Assert.Equal(decisions, again);
        Assert.InRange(decisions.Count(d => d), 50, 150);
    }
}
