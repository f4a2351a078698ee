using Easegress.Objects.HTTPServer;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.HttpServers;

public sealed class HttpServerSpecTests
{
    private static string Error(string yaml) => TestSpecs.ObjectError<HttpServerSpec>($"""
        name: server
        kind: HTTPServer
        {yaml}
        """);

    [Fact]
    public void Defaults_are_Easegress_code_defaults()
    {
        var spec = TestSpecs.Object<HttpServerSpec>("""
            name: server
            kind: HTTPServer
            port: 10080
            """);

        Assert.Equal(10080, spec.Port);
        Assert.True(spec.KeepAlive);
        Assert.Equal(TimeSpan.FromSeconds(60), spec.KeepAliveTimeout);
        Assert.Equal(10240, spec.MaxConnections);
        Assert.Equal(4 * 1024 * 1024, spec.ClientMaxBodySize);
        Assert.False(spec.XForwardedFor);
        Assert.Empty(spec.Rules);
    }

    [Fact]
    public void A_full_spec_binds()
    {
        var spec = TestSpecs.Object<HttpServerSpec>("""
            name: server
            kind: HTTPServer
            version: easegress.megaease.com/v2
            labels: {team: edge}
            createdAt: "2024-01-02T03:04:05Z"
            port: 10080
            address: 127.0.0.1
            keepAlive: false
            keepAliveTimeout: 75s
            maxConnections: 100
            https: false
            clientMaxBodySize: -1
            xForwardedFor: true
            cacheSize: 1024
            routerKind: Ordered
            ipFilter:
              blockByDefault: true
              allowIPs: [10.0.0.0/8, '2001:db8::/32', 192.0.2.7]
              blockIPs: [10.1.0.0/16]
            rules:
            - host: www.example.com
              ipFilter: {blockIPs: ['::1']}
              hostRegexp: '^api\.'
              hosts:
              - value: '*.example.org'
              - value: '^shop-[0-9]+\.example\.net$'
                isRegexp: true
              paths:
              - path: /pipeline
                backend: pipeline-demo
              - pathPrefix: /api/
                rewriteTarget: /v2/
                methods: [GET, POST]
                clientMaxBodySize: 1024
                headers:
                - key: X-Env
                  values: [prod]
                  regexp: '^stg-'
                matchAllHeader: true
                backend: api
              - pathRegexp: '^/users/([0-9]+)$'
                queries:
                - key: debug
                  values: ["1"]
                backend: users
            """);

        Assert.Equal("127.0.0.1", spec.Address);
        Assert.False(spec.KeepAlive);
        Assert.Equal(TimeSpan.FromSeconds(75), spec.KeepAliveTimeout);
        Assert.Equal(-1, spec.ClientMaxBodySize);
        Assert.Equal(3, spec.Rules[0].Paths.Count);
        Assert.Equal("api", spec.Rules[0].Paths[1].Backend);
        Assert.True(spec.Rules[0].Paths[1].MatchAllHeader);
        Assert.True(spec.IpFilter!.BlockByDefault);
        Assert.Equal(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"], spec.IpFilter.AllowIPs!);
        Assert.Equal(["::1"], spec.Rules[0].IpFilter!.BlockIPs!);
    }

    [Fact]
    public void RadixTree_is_a_router_kind()
    {
        var spec = TestSpecs.Object<HttpServerSpec>("""
            name: server
            kind: HTTPServer
            port: 10080
            routerKind: RadixTree
            rules:
            - paths: [{path: '/users/{name}', rewriteTarget: '/u/{name}', backend: users}]
            """);

        Assert.Equal("RadixTree", spec.RouterKind);
    }

    [Theory]
    [InlineData("", "port: is required")]
    [InlineData("port: 0", "port: must be between 1 and 65535, not 0")]
    [InlineData("port: 70000", "port: must be between 1 and 65535, not 70000")]
    [InlineData("port: http", "port: must be a number, not \"http\"")]
    [InlineData("port: 80\nmaxConnections: 0", "maxConnections: must be at least 1")]
    [InlineData("port: 80\nkeepAliveTimeout: forever", "keepAliveTimeout: must be a duration like 500ms, 10s or 1m30s, not \"forever\"")]
    [InlineData("port: 80\nclientMaxBodySize: -2", "clientMaxBodySize: must be -1 (no limit), 0 (the default) or a size in bytes")]
    [InlineData("port: 443\nhttps: true", "https: needs certBase64 and keyBase64, or certs and keys")]
    [InlineData("port: 443\nhttp3: true", "http3: HTTP/3 is not available here: it needs QUIC, and this platform has no libmsquic; use https, which serves HTTP/2 and HTTP/1.1")]
    [InlineData("port: 443\nautoCert: true", "autoCert: autoCert is not supported yet (there is no AutoCertManager); give certs and keys")]
    [InlineData("port: 80\nrouterKind: Trie", "routerKind: unknown router kind \"Trie\" (Ordered or RadixTree)")]
    [InlineData("port: 80\nipFilter: {allowIPs: [10.0.0.0/8, nope]}", "ipFilter.allowIPs[1]: \"nope\" is not an IP address or a CIDR")]
    [InlineData("port: 80\nipFilter: {allowIps: []}", "ipFilter.allowIps: unknown field")]
    [InlineData("port: 80\nipFilter: {blockByDefault: yes}", "ipFilter.blockByDefault: must be true or false, not \"yes\"")]
    public void Bad_server_fields_are_reported_with_their_path(string yaml, string message)
    {
        Assert.Equal(message, Error(yaml));
    }

    [Theory]
    [InlineData("{paths: [{path: /x}]}", "rules[0].paths[0].backend: is required")]
    [InlineData("{paths: [{path: /x, backend: ''}]}", "rules[0].paths[0].backend: is required")]
    [InlineData("{paths: [{path: x, backend: p}]}", "rules[0].paths[0].path: must start with /")]
    [InlineData("{paths: [{pathPrefix: api, backend: p}]}", "rules[0].paths[0].pathPrefix: must start with /")]
    [InlineData("{paths: [{backend: p}, {rewriteTarget: /y, backend: p}]}", "rules[0].paths[1].rewriteTarget: rewriteTarget is specified but path is empty")]
    [InlineData("{paths: [{path: /x, methods: [GET, FETCH], backend: p}]}", "rules[0].paths[0].methods[1]: \"FETCH\" is not an HTTP method (one of GET, HEAD, POST, PUT, PATCH, DELETE, CONNECT, OPTIONS, TRACE)")]
    [InlineData("{paths: [{path: /x, headers: [{key: X-A}], backend: p}]}", "rules[0].paths[0].headers[0]: both of values and regexp are empty for key: X-A")]
    [InlineData("{paths: [{path: /x, headers: [{values: [a]}], backend: p}]}", "rules[0].paths[0].headers[0].key: is required")]
    [InlineData("{paths: [{path: /x, ipFilter: {blockIPs: [1.2.3.4/40]}, backend: p}]}", "rules[0].paths[0].ipFilter.blockIPs[0]: \"1.2.3.4/40\" is not an IP address or a CIDR")]
    [InlineData("{ipFilter: {allowIPs: ['::1', 'fe80::/200']}, paths: []}", "rules[0].ipFilter.allowIPs[1]: \"fe80::/200\" is not an IP address or a CIDR")]
    [InlineData("{host: 'a.*.com', paths: []}", "rules[0].host: only one wildcard is allowed, at the start (*.example.com) or the end (www.example.*)")]
    [InlineData("{host: '*.a.*', paths: []}", "rules[0].host: only one wildcard is allowed, at the start (*.example.com) or the end (www.example.*)")]
    [InlineData("{host: '*', paths: []}", "rules[0].host: a lone * matches no host; leave the host out to match every host")]
    [InlineData("{hosts: [{value: a.com}, {value: ''}], paths: []}", "rules[0].hosts[1].value: must not be empty")]
    public void Bad_rules_are_reported_with_their_path(string ruleYaml, string message)
    {
        Assert.Equal(message, Error($"port: 80\nrules:\n- {ruleYaml}"));
    }

    [Theory]
    [InlineData("{hostRegexp: '(a', paths: []}", "rules[0].hostRegexp: invalid regular expression")]
    [InlineData("{hosts: [{value: '[z-a]', isRegexp: true}], paths: []}", "rules[0].hosts[0].value: invalid regular expression")]
    [InlineData("{paths: [{pathRegexp: '^/(x', backend: p}]}", "rules[0].paths[0].pathRegexp: invalid regular expression")]
    [InlineData("{paths: [{path: /x, headers: [{key: X, regexp: '*'}], backend: p}]}", "rules[0].paths[0].headers[0].regexp: invalid regular expression")]
    [InlineData("{paths: [{path: /x, queries: [{key: q, regexp: '(?<=a)b'}], backend: p}]}", "rules[0].paths[0].queries[0].regexp: regular expression not supported (RE2 syntax only)")]
    public void Bad_regular_expressions_are_reported_with_their_path(string ruleYaml, string prefix)
    {
        Assert.StartsWith(prefix, Error($"port: 80\nrules:\n- {ruleYaml}"));
    }
}
