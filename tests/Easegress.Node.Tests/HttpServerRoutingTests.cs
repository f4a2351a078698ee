using System.Net;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>Routing through a real listener: 403 from ipFilter at each level, and the RadixTree router with rewrites.</summary>
public sealed class HttpServerRoutingTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private static HttpRequestMessage Get(int port, string path, string host = "example.com", string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        request.Headers.Host = host;
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    [Fact]
    public async Task The_server_ipFilter_answers_403_before_routing()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("ip-server"), """
            ipFilter:
              blockIPs: [127.0.0.0/8]
            rules:
            - paths:
              - pathPrefix: /
                backend: to-backend
            """);
        using var client = TrafficNode.PlainClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Get(port, "/anything"))).StatusCode);
        // as in Easegress, the client's address is the first public X-Forwarded-For entry when there is one
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get(port, "/anything", forwardedFor: "198.51.100.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Get(port, "/anything", forwardedFor: "10.0.0.1"))).StatusCode);
    }

    [Fact]
    public async Task Rule_and_path_ipFilters_answer_403_when_nothing_else_takes_the_request()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("ip-levels"), """
            rules:
            - host: internal.test
              ipFilter: {blockByDefault: true, allowIPs: [10.0.0.0/8]}
              paths:
              - pathPrefix: /
                backend: to-backend
            - paths:
              - path: /admin
                ipFilter: {allowIPs: ['2001:db8::/32']}
                backend: to-backend
              - pathPrefix: /public
                backend: to-backend
            """);
        using var client = TrafficNode.PlainClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Get(port, "/admin", "internal.test"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get(port, "/public/page", "internal.test"))).StatusCode);   // a later rule
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Get(port, "/admin"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get(port, "/admin", forwardedFor: "2001:db8::1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get(port, "/elsewhere"))).StatusCode);
    }

    [Fact]
    public async Task A_host_rule_is_reached_by_its_punycode_spelling_in_any_case()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("idn"), """
            rules:
            - host: bücher.example
              paths:
              - pathPrefix: /
                backend: to-backend
            - hosts: [{value: xn--caf-dma.example}]
              paths:
              - pathPrefix: /
                backend: to-backend
            """);
        using var client = TrafficNode.PlainClient();

        foreach (var host in new[] { "xn--bcher-kva.example", "XN--BCHER-KVA.EXAMPLE", "xn--caf-dma.example", "Xn--Caf-Dma.example:80" })
            Assert.True((await client.SendAsync(Get(port, "/page", host))).StatusCode == HttpStatusCode.OK, host);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get(port, "/page", "xn--mnchen-3ya.example"))).StatusCode);
    }

    [Fact]
    public async Task RadixTree_routes_by_priority_and_rewrites_with_the_captured_values()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("radix"), """
            routerKind: RadixTree
            rules:
            - paths:
              - path: /users/admin
                backend: to-backend
              - path: /users/{id:[0-9]+}
                rewriteTarget: /ids/{id}
                backend: to-backend
              - path: /users/{name}
                rewriteTarget: /people/{name}
                backend: to-backend
              - path: /static/*
                rewriteTarget: /assets/{EG_WILDCARD}
                backend: to-backend
              - path: /only-post/{x}
                methods: [POST]
                backend: to-backend
            """);
        using var client = TrafficNode.PlainClient();

        foreach (var (sent, received) in new[]
        {
            ("/users/admin", "/users/admin"),
            ("/users/42", "/ids/42"),
            ("/users/bob", "/people/bob"),
            ("/static/css/site.css", "/assets/css/site.css"),
        })
        {
            var response = await client.SendAsync(Get(port, sent));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(traffic.Backend.Received, r => r.Path == received);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Get(port, "/users/bob/extra"))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendAsync(Get(port, "/only-post/1"))).StatusCode);
    }
}
