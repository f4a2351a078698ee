using Easegress.Objects.HTTPServer;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.HttpServers;

/// <summary>routerKind: RadixTree: /users/*, /users/{name}, /users/{name:[a-z]+}; full > regexp > param > prefix.</summary>
public sealed class RadixRouterTests
{
    private static RouteTable Table(string rulesYaml) => TestRoutes.Table(rulesYaml, "routerKind: RadixTree");

    private static RouteResult Route(RouteTable table, string path, string method = "GET", params (string, string)[] headers) =>
        table.Match(Requests.Http(method, path, "example.com", null, headers).Request);

    private static readonly RouteTable Users = Table("""
        - paths:
          - path: /users/admin
            backend: full
          - path: /users/{id:[0-9]+}
            backend: regexp
          - path: /users/{name}
            backend: param
          - path: /users/*
            backend: prefix
          - path: /users/{name}/posts/{post}
            backend: nested
          - path: /files/{name}.{ext}
            backend: dotted
          - path: /files/{name}
            backend: plain-file
        """);

    [Theory]
    [InlineData("/users/admin", "full")]
    [InlineData("/users/42", "regexp")]
    [InlineData("/users/bob", "param")]
    [InlineData("/users/4a", "param")]
    [InlineData("/users/bob/x", "prefix")]
    [InlineData("/users/", "prefix")]
    [InlineData("/users/bob/posts/7", "nested")]
    [InlineData("/users/bob/posts/7/more", "prefix")]
    [InlineData("/files/report.pdf", "dotted")]
    [InlineData("/files/report", "plain-file")]
    [InlineData("/users", null)]
    [InlineData("/other", null)]
    public void The_most_specific_pattern_wins(string path, string? backend)
    {
        Assert.Equal(backend, Route(Users, path).Backend);
    }

    [Fact]
    public void Priority_is_decided_character_by_character_and_backs_up_when_a_branch_fails()
    {
        var table = Table("""
            - paths:
              - path: /a/{x}/c
                backend: param-then-c
              - path: /a/b/*
                backend: static-then-wildcard
            """);

        Assert.Equal("static-then-wildcard", Route(table, "/a/b/c").Backend);   // the static b wins over {x}
        Assert.Equal("static-then-wildcard", Route(table, "/a/b/d").Backend);
        Assert.Equal("param-then-c", Route(table, "/a/z/c").Backend);
    }

    [Fact]
    public void A_regexp_parameter_must_match_the_whole_value()
    {
        var table = Table("""
            - paths:
              - path: /v/{n:[a-z]+}
                backend: letters
              - path: /v/{n:^[0-9]{3}$}
                backend: three-digits
            """);

        Assert.Equal("letters", Route(table, "/v/abc").Backend);
        Assert.Equal("three-digits", Route(table, "/v/123").Backend);
        Assert.Null(Route(table, "/v/abc1").Backend);
        Assert.Null(Route(table, "/v/1234").Backend);
    }

    [Theory]
    [InlineData("/users/{name}", "/users/bob", "/people/{name}", "/people/bob")]
    [InlineData("/users/{name}/posts/{post}", "/users/bob/posts/7", "/p/{post}/by/{name}", "/p/7/by/bob")]
    [InlineData("/static/*", "/static/css/site.css", "/assets/{EG_WILDCARD}", "/assets/css/site.css")]
    [InlineData("/static/*", "/static/", "/assets/{EG_WILDCARD}", "/assets/")]
    [InlineData("/users/{id:[0-9]+}", "/users/42", "/u?id={id}", "/u?id=42")]
    [InlineData("/old", "/old", "/new", "/new")]
    [InlineData("/users/{name}", "/users/bob", "/everyone", "/everyone")]
    [InlineData("/users/{name}", "/users/bob", "{name}", "/bob")]
    public void RewriteTarget_uses_the_captured_values(string pattern, string path, string target, string rewritten)
    {
        var table = Table($"""
            - paths:
              - path: '{pattern}'
                rewriteTarget: '{target}'
                backend: b
            """);

        Assert.Equal(rewritten, Route(table, path).RewrittenPath);
    }

    [Fact]
    public void Methods_and_headers_are_checked_at_the_leaf_and_a_mismatch_keeps_looking()
    {
        var table = Table("""
            - paths:
              - path: /items/{id}
                methods: [POST]
                backend: create
              - path: /items/*
                methods: [GET]
                backend: read
              - path: /only-header/{x}
                headers: [{key: X-A, values: ["1"]}]
                backend: header
            """);

        Assert.Equal("create", Route(table, "/items/1", "POST").Backend);
        Assert.Equal("read", Route(table, "/items/1", "GET").Backend);
        Assert.Equal(RouteResult.MethodNotAllowed, Route(table, "/items/1", "DELETE"));
        Assert.Equal(RouteResult.BadRequest, Route(table, "/only-header/y"));
        Assert.Equal("header", Route(table, "/only-header/y", headers: [("X-A", "1")]).Backend);
        Assert.Equal(RouteResult.NotFound, Route(table, "/nothing"));
    }

    [Fact]
    public void Rules_are_tried_in_order_and_a_rule_without_a_match_passes_the_request_on()
    {
        var table = Table("""
            - host: api.example.com
              paths: [{path: '/v1/{x}', backend: api}]
            - paths: [{path: '/*', backend: fallback}]
            """);

        Assert.Equal("api", table.Match("GET", "api.example.com", "/v1/a", new Microsoft.AspNetCore.Http.HeaderDictionary()).Backend);
        Assert.Equal("fallback", table.Match("GET", "api.example.com", "/v2/a", new Microsoft.AspNetCore.Http.HeaderDictionary()).Backend);
    }

    [Fact]
    public void Equal_patterns_are_tried_in_declaration_order()
    {
        var table = Table("""
            - paths:
              - {path: '/x/{a}', headers: [{key: X-V, values: ["2"]}], backend: second}
              - {path: '/x/{b}', backend: first-plain}
              - {path: /y, methods: [PUT], backend: put}
              - {path: /y, backend: any}
            """);

        Assert.Equal("second", Route(table, "/x/1", headers: [("X-V", "2")]).Backend);
        Assert.Equal("first-plain", Route(table, "/x/1").Backend);
        Assert.Equal("put", Route(table, "/y", "PUT").Backend);
        Assert.Equal("any", Route(table, "/y").Backend);
    }

    [Fact]
    public void Matching_allocates_nothing_without_a_rewrite()
    {
        for (var i = 0; i < 100; i++) Users.Match(Requests.Http(path: "/users/bob/posts/7").Request);
        var requests = new[] { "/users/admin", "/users/42", "/users/bob", "/users/bob/posts/7", "/files/a.b", "/nope" }
            .Select(p => Requests.Http(path: p).Request).ToArray();
        foreach (var r in requests) Users.Match(r);

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 1000; i++) foreach (var r in requests) Users.Match(r); }));
    }

    [Theory]
    [InlineData("{pathPrefix: /a, backend: b}", "rules[0].paths[0].pathPrefix: routerKind RadixTree matches path only; write path: /prefix/* instead")]
    [InlineData("{pathRegexp: '^/a', backend: b}", "rules[0].paths[0].pathRegexp: routerKind RadixTree matches path only; write a parameter with a regexp, like path: /users/{id:[0-9]+}")]
    [InlineData("{backend: b}", "rules[0].paths[0].path: is required with routerKind RadixTree")]
    [InlineData("{path: '/a/*/b', backend: b}", "rules[0].paths[0].path: * must be the last character; use a {parameter} in the middle of a path")]
    [InlineData("{path: '/a/{x', backend: b}", "rules[0].paths[0].path: { at 3 is not closed")]
    [InlineData("{path: '/a/x}', backend: b}", "rules[0].paths[0].path: } at 4 closes no {")]
    [InlineData("{path: '/a/{}', backend: b}", "rules[0].paths[0].path: \"{}\" needs a name without / { } or *")]
    [InlineData("{path: '/{x}/{x}', backend: b}", "rules[0].paths[0].path: parameter x appears twice")]
    [InlineData("{path: '/{a}{b}', backend: b}", "rules[0].paths[0].path: parameter a must be followed by a literal character, not {")]
    [InlineData("{path: '/{EG_WILDCARD}', backend: b}", "rules[0].paths[0].path: EG_WILDCARD is the name of *, not of a parameter")]
    [InlineData("{path: '/{x:}', backend: b}", "rules[0].paths[0].path: parameter x has an empty regexp")]
    [InlineData("{path: '/a/{x}', rewriteTarget: '/b/*', backend: b}", "rules[0].paths[0].rewriteTarget: * is not allowed; write {EG_WILDCARD} for what * matched")]
    [InlineData("{path: '/a/{x}', rewriteTarget: '/b/{y}', backend: b}", "rules[0].paths[0].rewriteTarget: {y} is not a parameter of path /a/{x}")]
    [InlineData("{path: '/a/{x}', rewriteTarget: '/b/{EG_WILDCARD}', backend: b}", "rules[0].paths[0].rewriteTarget: {EG_WILDCARD} is not a parameter of path /a/{x}")]
    public void Bad_patterns_are_refused_with_their_field(string pathYaml, string message)
    {
        var error = TestSpecs.ObjectError<HttpServerSpec>($"""
            name: server
            kind: HTTPServer
            port: 80
            routerKind: RadixTree
            rules:
            - paths: [{pathYaml}]
            """);
        Assert.Equal(message, error);
    }

    [Fact]
    public void A_bad_regexp_parameter_names_the_path()
    {
        var error = TestSpecs.ObjectError<HttpServerSpec>("""
            name: server
            kind: HTTPServer
            port: 80
            routerKind: RadixTree
            rules:
            - paths: [{path: '/{x:(a}', backend: b}]
            """);
        Assert.StartsWith("rules[0].paths[0].path: invalid regular expression", error);
    }
}
