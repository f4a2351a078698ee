using Easegress.Objects.HTTPServer;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.HttpServers;

public sealed class RouteTableTests
{
    private static RouteTable Table(string rulesYaml, string extra = "") => TestRoutes.Table(rulesYaml, extra);

    private static RouteResult Route(RouteTable table, string method = "GET", string path = "/", string host = "example.com",
        string? query = null, params (string, string)[] headers) =>
        table.Match(Requests.Http(method, path, host, query, headers).Request);

    [Fact]
    public void Exact_path_matches_only_itself()
    {
        var table = Table("""
            - paths:
              - path: /pipeline
                backend: exact
            """);

        Assert.Equal(new RouteResult(RouteOutcome.Matched, "exact", null, HttpServerSpec.DefaultClientMaxBodySize), Route(table, path: "/pipeline"));
        Assert.Equal(RouteOutcome.NotFound, Route(table, path: "/pipeline/x").Outcome);
        Assert.Equal(404, Route(table, path: "/other").StatusCode);
    }

    [Fact]
    public void Prefix_and_regexp_paths_match()
    {
        var table = Table("""
            - paths:
              - pathPrefix: /api/
                backend: api
              - pathRegexp: '^/users/[0-9]+$'
                backend: users
            """);

        Assert.Equal("api", Route(table, path: "/api/orders").Backend);
        Assert.Equal("users", Route(table, path: "/users/42").Backend);
        Assert.Equal(RouteOutcome.NotFound, Route(table, path: "/users/x").Outcome);
    }

    [Fact]
    public void A_path_without_path_fields_matches_every_path()
    {
        var table = Table("""
            - paths:
              - backend: all
            """);

        Assert.Equal("all", Route(table, path: "/anything/at/all").Backend);
    }

    [Fact]
    public void Paths_are_tried_in_declaration_order_not_longest_prefix()
    {
        var table = Table("""
            - paths:
              - pathPrefix: /api
                backend: short
              - pathPrefix: /api/v2
                backend: long
            """);

        Assert.Equal("short", Route(table, path: "/api/v2/x").Backend);
    }

    [Fact]
    public void The_first_rule_whose_host_matches_wins_and_its_paths_alone_are_tried()
    {
        var table = Table("""
            - host: api.example.com
              paths:
              - path: /only-here
                backend: first
            - paths:
              - pathPrefix: /
                backend: fallback
            """);

        Assert.Equal("first", Route(table, path: "/only-here", host: "api.example.com").Backend);
        // The first rule's host matched but none of its paths did: Ordered still moves on to later rules.
        Assert.Equal("fallback", Route(table, path: "/elsewhere", host: "api.example.com").Backend);
        Assert.Equal("fallback", Route(table, path: "/only-here", host: "www.example.com").Backend);
    }

    [Theory]
    [InlineData("www.example.com", true)]
    [InlineData("WWW.Example.COM", true)]
    [InlineData("www.example.com:8080", true)]
    [InlineData("api.example.com", false)]
    public void Exact_hosts_ignore_case_and_port(string host, bool matches)
    {
        var table = Table("""
            - host: www.example.com
              paths: [{backend: b}]
            """);

        Assert.Equal(matches, Route(table, host: host).IsMatched);
    }

    [Theory]
    [InlineData("a.example.com", "suffix")]
    [InlineData("a.b.Example.com:443", "suffix")]
    [InlineData("www.example.org", "prefix")]
    [InlineData("WWW.EXAMPLE.NET", "prefix")]
    [InlineData("shop-12.example.io", "regexp")]
    [InlineData("SHOP-7.example.io:80", "regexp")]
    [InlineData("example.com", null)]
    [InlineData("shop-x.example.io", null)]
    public void Wildcard_and_regexp_hosts_match(string host, string? backend)
    {
        var table = Table("""
            - host: '*.example.com'
              paths: [{backend: suffix}]
            - hosts: [{value: 'www.example.*'}]
              paths: [{backend: prefix}]
            - hostRegexp: '^shop-[0-9]+\.example\.io$'
              paths: [{backend: regexp}]
            """);

        Assert.Equal(backend, Route(table, host: host).Backend);
    }

    [Fact]
    public void Host_list_entries_are_alternatives()
    {
        var table = Table("""
            - host: a.com
              hosts: [{value: b.com}, {value: '^c\.', isRegexp: true}]
              paths: [{backend: abc}]
            """);

        Assert.True(Route(table, host: "a.com").IsMatched);
        Assert.True(Route(table, host: "b.com").IsMatched);
        Assert.True(Route(table, host: "c.com").IsMatched);
        Assert.False(Route(table, host: "d.com").IsMatched);
    }

    [Theory]
    [InlineData("xn--bcher-kva.example", "unicode")]
    [InlineData("XN--BCHER-KVA.Example:8080", "unicode")]
    [InlineData("bücher.example", "unicode")]
    [InlineData("xn--caf-dma.example", "punycode")]
    [InlineData("café.example", "punycode")]
    [InlineData("www.xn--mnchen-3ya.example", "punycode")]
    [InlineData("www.münchen.example", "punycode")]
    public void A_host_routes_alike_whichever_spelling_the_rule_and_the_request_use(string host, string backend)
    {
        var table = Table("""
            - host: bücher.example
              paths: [{backend: unicode}]
            - hosts: [{value: xn--caf-dma.example}, {value: '*.MÜNCHEN.example'}]
              paths: [{backend: punycode}]
            """);

        Assert.Equal(backend, Route(table, host: host).Backend);
        Assert.Equal(backend, table.Match("GET", host, "/", new HeaderDictionary()).Backend);
    }

    [Fact]
    public void A_host_that_is_not_a_valid_internationalized_name_is_refused_naming_the_field()
    {
        // a label longer than 63 characters once encoded
        var error = Assert.Throws<SpecException>(() => Table($$"""
            - host: "{{new string('ü', 64)}}.example"
              paths: [{backend: b}]
            """));
        Assert.StartsWith("rules[0].host", error.Message);
    }

    [Theory]
    [InlineData("[::1]:8080", true)]
    [InlineData("[::1]", false)]
    public void Ipv6_hosts_lose_their_port_and_brackets_like_Go(string host, bool matches)
    {
        var table = Table("""
            - host: '::1'
              paths: [{backend: v6}]
            """);

        Assert.Equal(matches, Route(table, host: host).IsMatched);
    }

    [Fact]
    public void A_method_mismatch_is_405_unless_something_else_matches()
    {
        var table = Table("""
            - paths:
              - path: /items
                methods: [POST]
                backend: create
            """);
        var both = Table("""
            - paths:
              - path: /items
                methods: [POST]
                backend: create
              - pathPrefix: /items
                methods: [GET, HEAD]
                backend: read
            """);

        Assert.Equal(RouteResult.MethodNotAllowed, Route(table, "GET", "/items"));
        Assert.Equal(405, Route(table, "GET", "/items").StatusCode);
        Assert.Equal("create", Route(table, "POST", "/items").Backend);
        Assert.Equal("read", Route(both, "GET", "/items").Backend);
        Assert.Equal(RouteOutcome.MethodNotAllowed, Route(both, "DELETE", "/items").Outcome);
    }

    [Fact]
    public void Any_header_condition_suffices_by_default()
    {
        var table = Table("""
            - paths:
              - path: /h
                headers:
                - key: X-Env
                  values: [prod, stage]
                - key: X-Canary
                  regexp: '^on$'
                backend: h
            """);

        Assert.True(Route(table, path: "/h", headers: [("X-Env", "prod")]).IsMatched);
        Assert.True(Route(table, path: "/h", headers: [("X-Canary", "on")]).IsMatched);
        Assert.Equal(RouteResult.BadRequest, Route(table, path: "/h", headers: [("X-Env", "dev")]));
        Assert.Equal(400, Route(table, path: "/h").StatusCode);
    }

    [Fact]
    public void With_matchAllHeader_every_condition_must_hold()
    {
        var table = Table("""
            - paths:
              - path: /h
                matchAllHeader: true
                headers:
                - key: X-Env
                  values: [prod]
                - key: X-Region
                  regexp: '^eu-'
                backend: h
            """);

        Assert.True(Route(table, path: "/h", headers: [("X-Env", "prod"), ("X-Region", "eu-west")]).IsMatched);
        Assert.Equal(RouteOutcome.BadRequest, Route(table, path: "/h", headers: [("X-Env", "prod"), ("X-Region", "us-east")]).Outcome);
    }

    [Fact]
    public void A_header_mismatch_wins_over_a_method_mismatch_and_a_later_match_wins_over_both()
    {
        var table = Table("""
            - paths:
              - path: /x
                methods: [POST]
                backend: post
              - path: /x
                headers: [{key: X-A, values: ["1"]}]
                backend: header
            """);
        var withFallback = Table("""
            - paths:
              - path: /x
                headers: [{key: X-A, values: ["1"]}]
                backend: header
              - path: /x
                backend: fallback
            """);

        Assert.Equal(RouteOutcome.BadRequest, Route(table, "GET", "/x").Outcome);
        Assert.Equal("fallback", Route(withFallback, "GET", "/x").Backend);
    }

    [Fact]
    public void Query_conditions_match_the_first_value()
    {
        var table = Table("""
            - paths:
              - path: /q
                queries: [{key: debug, values: ["1"]}]
                backend: q
            """);

        Assert.True(Route(table, path: "/q", query: "?debug=1&debug=2").IsMatched);
        Assert.Equal(RouteOutcome.BadRequest, Route(table, path: "/q", query: "?debug=2").Outcome);
        Assert.True(table.Match("GET", "example.com", "/q", new HeaderDictionary(),
            new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["debug"] = "1" })).IsMatched);
    }

    [Theory]
    [InlineData("path: /old", "/old", "/new")]
    [InlineData("pathPrefix: /api/v1/", "/api/v1/users", "/new/users")]
    [InlineData("pathRegexp: '^/u/([0-9]+)$'", "/u/42", "/new/42")]
    public void RewriteTarget_rewrites_exact_prefix_and_regexp_paths(string pathField, string path, string rewritten)
    {
        var target = pathField.StartsWith("pathRegexp") ? "/new/$1" : pathField.StartsWith("pathPrefix") ? "/new/" : "/new";
        var table = Table($"""
            - paths:
              - {pathField}
                rewriteTarget: '{target}'
                backend: b
            """);

        Assert.Equal(rewritten, Route(table, path: path).RewrittenPath);
    }

    /// <summary>A pathRegexp rewrite reads its target as Easegress (Go's ReplaceAllString) does, not as .NET's
    /// Regex.Replace would: a group name is the longest run of word characters, and an empty match right after a
    /// match is skipped.</summary>
    [Theory]
    [InlineData("^/u/([0-9]+)$", "/p/${1}x", "/u/42", "/p/42x")]
    [InlineData("^/u/([0-9]+)$", "/p/$1x", "/u/42", "/p/")]              // .NET would give /p/42x
    [InlineData("^/u/(?P<id>[0-9]+)$", "/p/$id", "/u/7", "/p/7")]
    [InlineData("(.*)", "/v2$1", "/a", "/v2/a")]                         // .NET would give /v2/a/v2
    [InlineData("^/u/([0-9]+)$", "/cost/$$1", "/u/42", "/cost/$1")]
    [InlineData("/old/", "/new/", "/old/x/old/y", "/new/x/new/y")]        // every match is replaced
    [InlineData("^/u/([0-9]+)$", "p/$1", "/u/42", "/p/42")]              // the result is rooted
    public void A_pathRegexp_rewrite_follows_Gos_replacement_rules(string regexp, string target, string path, string rewritten)
    {
        var table = Table($"""
            - paths:
              - pathRegexp: '{regexp}'
                rewriteTarget: '{target}'
                backend: b
            """);

        Assert.Equal(rewritten, Route(table, path: path).RewrittenPath);
    }

    [Fact]
    public void Without_rewriteTarget_the_path_is_left_alone()
    {
        var table = Table("""
            - paths: [{pathPrefix: /a, backend: b}]
            """);

        Assert.Null(Route(table, path: "/a/b").RewrittenPath);
    }

    [Fact]
    public void The_body_limit_is_the_paths_else_the_servers()
    {
        var table = Table("""
            - paths:
              - path: /small
                clientMaxBodySize: 1024
                backend: b
              - path: /stream
                clientMaxBodySize: -1
                backend: b
              - path: /default
                backend: b
            """, "clientMaxBodySize: 2048");
        var zero = Table("""
            - paths: [{backend: b}]
            """, "clientMaxBodySize: 0");

        Assert.Equal(1024, Route(table, path: "/small").ClientMaxBodySize);
        Assert.Equal(-1, Route(table, path: "/stream").ClientMaxBodySize);
        Assert.Null(Route(table, path: "/stream").MaxRequestBodySize);
        Assert.Equal(2048, Route(table, path: "/default").MaxRequestBodySize);
        Assert.Equal(HttpServerSpec.DefaultClientMaxBodySize, Route(zero).ClientMaxBodySize);
    }

    [Fact]
    public void No_rules_means_404()
    {
        Assert.Equal(RouteResult.NotFound, Route(RouteTable.Build(new HttpServerSpec { Name = "s", Kind = "HTTPServer", Port = 80 })));
    }

    [Fact]
    public void Matching_exact_and_prefix_paths_allocates_nothing()
    {
        var table = Table("""
            - host: '*.example.com'
              paths:
              - path: /exact
                backend: a
              - pathPrefix: /api/
                methods: [GET]
                backend: b
            """);
        var exact = Requests.Http(path: "/exact", host: "www.example.com:8080").Request;
        var prefix = Requests.Http(path: "/api/users", host: "www.example.com").Request;
        var missing = Requests.Http(path: "/missing", host: "www.example.com").Request;
        for (var i = 0; i < 100; i++) { table.Match(exact); table.Match(prefix); table.Match(missing); }

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 1000; i++) { table.Match(exact); table.Match(prefix); table.Match(missing); } }));
    }

    [Fact]
    public void One_table_serves_many_threads()
    {
        var table = Table("""
            - paths:
              - pathRegexp: '^/r/[a-z]+$'
                backend: r
              - pathPrefix: /p/
                backend: p
            """);

        Parallel.For(0, 10_000, i =>
        {
            var request = Requests.Http(path: i % 2 == 0 ? "/r/abc" : "/p/x").Request;
            Assert.Equal(i % 2 == 0 ? "r" : "p", table.Match(request).Backend);
        });
    }
}
