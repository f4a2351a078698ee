using System.Net;
using Easegress.Objects.HTTPServer;
using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Easegress.Filters.RedirectorV2;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Redirector;

public sealed class RedirectorV2Tests
{
    private static ISyncFilter Redirector(string fieldsYaml) => TestSpecs.Create<ISyncFilter>("RedirectorV2", fieldsYaml);

    private static RequestContext Request(string path = "/old/page", string? routePrefix = null)
    {
        var context = Requests.Context(path: path, host: "example.com:8080", query: "?x=1");
        context.Request.Scheme = "http";
        if (routePrefix is not null) context.Http.Features.Set(new MatchedRoute(routePrefix));
        return context;
    }

    [Theory]
    [InlineData("scheme: https", "https://example.com:8080/old/page?x=1")]
    [InlineData("hostname: www.example.org", "http://www.example.org/old/page?x=1")]
    [InlineData("scheme: https\nhostname: secure.example.com", "https://secure.example.com/old/page?x=1")]
    [InlineData("path: {type: ReplaceFullPath, replaceFullPath: /new}", "http://example.com:8080/new?x=1")]
    [InlineData("path: {type: ReplaceFullPath, replaceFullPath: ''}", "http://example.com:8080/?x=1")]
    public void The_given_parts_replace_those_of_the_request_URL(string fields, string location)
    {
        using var redirector = Redirector(fields);
        var context = Request();

        Assert.Equal(RedirectorV2Kind.Redirected, redirector.Handle(context));

        Assert.Equal(302, context.Response!.StatusCode);
        Assert.Equal("Found", context.Response.BodyText);
        Assert.Equal(location, context.Response.Headers.Location.ToString());
    }

    [Fact]
    public void ReplacePrefixMatch_replaces_the_prefix_of_the_servers_route()
    {
        using var redirector = Redirector("path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}\nstatusCode: 301");
        var context = Request(routePrefix: "/old");

        redirector.Handle(context);

        Assert.Equal(301, context.Response!.StatusCode);
        Assert.Equal("http://example.com:8080/new/page?x=1", context.Response.Headers.Location.ToString());
    }

    [Fact]
    public void Without_a_route_prefix_ReplacePrefixMatch_leaves_the_path_and_an_unchanged_URL_passes_on()
    {
        using var redirector = Redirector("path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}");
        var context = Request();

        Assert.Equal("", redirector.Handle(context));
        Assert.Null(context.Response);
    }

    [Fact]
    public void The_HTTP_server_route_reports_its_path_prefix()
    {
        var table = RouteTable.Build(TestSpecs.Object<HttpServerSpec>("""
            name: server
            kind: HTTPServer
            port: 10080
            rules:
            - paths:
              - {pathPrefix: /old, backend: redirect-demo}
              - {path: /exact, backend: redirect-demo}
            """));

        Assert.Equal("/old", table.Match(Requests.Http(path: "/old/page").Request).Route?.PathPrefix);
        Assert.Null(table.Match(Requests.Http(path: "/exact").Request).Route?.PathPrefix);
    }

    [Fact]
    public async Task In_a_pipeline_the_client_gets_the_redirect()
    {
        await using var front = await PipelineFront.StartAsync("""
            name: redirect-demo
            kind: Pipeline
            filters:
            - name: redirect
              kind: RedirectorV2
              scheme: https
              statusCode: 308
            """);

        using var response = await front.Client.GetAsync("/login?next=%2Fhome");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal($"https://127.0.0.1:{new Uri(front.Url).Port}/login?next=%2Fhome", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("scheme: ftp", "filters[0].scheme: \"ftp\" is not http or https")]
    [InlineData("port: 0", "filters[0].port: 0 is not a port (1-65535)")]
    [InlineData("statusCode: 305", "filters[0].statusCode: 305 is not a redirect status")]
    [InlineData("path: {type: Rewrite}", "filters[0].path.type: \"Rewrite\" is not ReplaceFullPath or ReplacePrefixMatch")]
    [InlineData("path: {replaceFullPath: /x}", "filters[0].path.type: is required")]
    [InlineData("path: {type: ReplaceFullPath}", "filters[0].path.replaceFullPath: is required by the ReplaceFullPath type")]
    [InlineData("path: {type: ReplacePrefixMatch}", "filters[0].path.replacePrefixMatch: is required by the ReplacePrefixMatch type")]
    [InlineData("host: x", "filters[0].host: unknown field")]
    public void Bad_fields_are_reported_with_their_path(string fieldsYaml, string message)
    {
        Assert.StartsWith(message, TestSpecs.FieldError("RedirectorV2", fieldsYaml));
    }
}
