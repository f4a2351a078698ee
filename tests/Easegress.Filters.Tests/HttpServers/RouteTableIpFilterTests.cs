using System.Net;
using Easegress.Objects.HTTPServer;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.HttpServers;

/// <summary>ipFilter at server, rule and path level: 403 when the client is blocked and nothing else takes the request.</summary>
public sealed class RouteTableIpFilterTests
{
    private static RouteTable Table(string rulesYaml, string extra = "") => TestRoutes.Table(rulesYaml, extra);

    private static RouteResult Route(RouteTable table, string client, string method = "GET", string path = "/", string host = "example.com",
        params (string, string)[] headers)
    {
        var http = Requests.Http(method, path, host, null, headers);
        http.Connection.RemoteIpAddress = IPAddress.Parse(client);
        return table.Match(http.Request);
    }

    [Fact]
    public void The_server_filter_answers_403_before_routing()
    {
        var table = Table("""
            - paths: [{pathPrefix: /, backend: b}]
            """, "ipFilter: {blockIPs: [192.0.2.0/24]}");

        Assert.Equal(RouteResult.Forbidden, Route(table, "192.0.2.55"));
        Assert.Equal(403, Route(table, "192.0.2.55", path: "/nowhere").StatusCode);
        Assert.Equal("b", Route(table, "198.51.100.1").Backend);
        Assert.True(table.UsesClientAddress);
    }

    [Fact]
    public void Without_any_filter_the_client_address_is_not_looked_at()
    {
        var table = Table("""
            - paths: [{pathPrefix: /, backend: b}]
            """);

        Assert.False(table.UsesClientAddress);
        Assert.Equal("b", Route(table, "192.0.2.55").Backend);
    }

    [Fact]
    public void A_blocked_client_skips_the_rule_and_a_later_rule_may_take_it()
    {
        var table = Table("""
            - host: api.example.com
              ipFilter: {allowIPs: [10.0.0.0/8]}
              paths: [{pathPrefix: /, backend: internal}]
            - paths: [{pathPrefix: /public, backend: public}]
            """);

        Assert.Equal("internal", Route(table, "10.1.1.1", host: "api.example.com").Backend);
        Assert.Equal("public", Route(table, "203.0.113.1", path: "/public/x", host: "api.example.com").Backend);
        Assert.Equal(RouteResult.Forbidden, Route(table, "203.0.113.1", path: "/private", host: "api.example.com"));
        // the rule's host did not match, so its filter played no part
        Assert.Equal(RouteResult.NotFound, Route(table, "203.0.113.1", path: "/private", host: "www.example.com"));
    }

    [Fact]
    public void A_path_filter_is_checked_after_methods_and_headers()
    {
        var table = Table("""
            - paths:
              - path: /admin
                methods: [POST]
                ipFilter: {blockByDefault: true, allowIPs: ['2001:db8::/32']}
                backend: admin
            """);

        Assert.Equal("admin", Route(table, "2001:db8::1", "POST", "/admin").Backend);
        Assert.Equal(RouteResult.Forbidden, Route(table, "192.0.2.1", "POST", "/admin"));
        Assert.Equal(RouteResult.MethodNotAllowed, Route(table, "192.0.2.1", "GET", "/admin"));
    }

    [Fact]
    public void A_later_path_takes_a_client_an_earlier_path_blocked()
    {
        var table = Table("""
            - paths:
              - pathPrefix: /
                ipFilter: {blockIPs: [192.0.2.1]}
                backend: main
              - pathPrefix: /
                backend: fallback
            """);

        Assert.Equal("main", Route(table, "192.0.2.2").Backend);
        Assert.Equal("fallback", Route(table, "192.0.2.1").Backend);
    }

    [Fact]
    public void Forbidden_wins_over_400_405_and_404()
    {
        var table = Table("""
            - paths:
              - path: /x
                methods: [POST]
                backend: post
              - path: /x
                headers: [{key: X-A, values: ["1"]}]
                backend: header
              - path: /x
                ipFilter: {blockIPs: [192.0.2.1]}
                backend: blocked
            """);

        Assert.Equal(RouteResult.Forbidden, Route(table, "192.0.2.1", path: "/x"));
        Assert.Equal("blocked", Route(table, "192.0.2.2", path: "/x").Backend);
    }

    [Fact]
    public void The_client_is_read_from_X_Forwarded_For_like_Easegress()
    {
        var table = Table("""
            - paths: [{pathPrefix: /, backend: b}]
            """, "ipFilter: {blockIPs: [203.0.113.0/24]}");

        Assert.Equal(RouteResult.Forbidden, Route(table, "127.0.0.1", headers: [("X-Forwarded-For", "10.0.0.1, 203.0.113.50")]));
        Assert.Equal("b", Route(table, "127.0.0.1", headers: [("X-Forwarded-For", "198.51.100.50")]).Backend);
    }

    [Fact]
    public void Explicit_parts_take_the_client_address()
    {
        var table = Table("""
            - paths: [{pathPrefix: /, backend: b}]
            """, "ipFilter: {blockIPs: [192.0.2.1]}");
        Easegress.IpFiltering.ClientAddress.TryParse("192.0.2.1", out var blocked);

        Assert.Equal(RouteResult.Forbidden, table.Match("GET", "example.com", "/", new Microsoft.AspNetCore.Http.HeaderDictionary(), client: blocked));
        Assert.Equal("b", table.Match("GET", "example.com", "/", new Microsoft.AspNetCore.Http.HeaderDictionary()).Backend);
    }

    [Fact]
    public void Routing_through_filters_allocates_nothing()
    {
        var table = Table("""
            - host: '*.example.com'
              ipFilter: {allowIPs: [10.0.0.0/8]}
              paths:
              - path: /exact
                ipFilter: {blockIPs: [10.1.0.0/16]}
                backend: a
            """, "ipFilter: {blockIPs: [192.0.2.0/24]}");
        var allowed = Requests.Http(path: "/exact", host: "www.example.com");
        allowed.Connection.RemoteIpAddress = IPAddress.Parse("10.2.3.4");
        var blocked = Requests.Http(path: "/exact", host: "www.example.com");
        blocked.Connection.RemoteIpAddress = IPAddress.Parse("10.1.3.4");
        for (var i = 0; i < 100; i++) { table.Match(allowed.Request); table.Match(blocked.Request); }

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 1000; i++) { table.Match(allowed.Request); table.Match(blocked.Request); } }));
        Assert.Equal("a", table.Match(allowed.Request).Backend);
        Assert.Equal(RouteResult.Forbidden, table.Match(blocked.Request));
    }
}
