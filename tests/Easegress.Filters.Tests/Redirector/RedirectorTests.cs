using System.Net;
using Easegress.Protocols.Http;
using Easegress.Filters.Redirector;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Redirector;

public sealed class RedirectorTests
{
    private static ISyncFilter Redirector(string fieldsYaml) => TestSpecs.Create<ISyncFilter>("Redirector", fieldsYaml);

    private static RequestContext Request(string path = "/foo/bar", string query = "?baz=qux", string host = "a.com:8080")
    {
        var context = Requests.Context(path: path, host: host, query: query);
        context.Request.Scheme = "http";
        return context;
    }

    [Theory]
    [InlineData("(.*)", "uri", "prefix${1}", "prefix/foo/bar?baz=qux")]
    [InlineData("(.*)", "full", "$1/123", "http://a.com:8080/foo/bar?baz=qux/123")]
    [InlineData("(.*)", "path", "prefix${1}", "prefix/foo/bar")]
    [InlineData("^/foo/(?<rest>.*)$", "path", "/v2/${rest}", "/v2/bar")]
    [InlineData(@"(^.*\/\/)([^\/]*)(.*$)", "full", "${1}my.com${3}", "http://my.com/foo/bar?baz=qux")]
    [InlineData("^(.*)$", "URI", "/prefix$1", "/prefix/foo/bar?baz=qux")]
    public void The_chosen_part_of_the_URL_is_rewritten_into_Location(string match, string part, string replacement, string location)
    {
        using var redirector = Redirector($"match: '{match}'\nmatchPart: {part}\nreplacement: '{replacement}'");
        var context = Request();

        Assert.Equal(RedirectorKind.Redirected, redirector.Handle(context));

        Assert.Equal(301, context.Response!.StatusCode);
        Assert.Equal(location, context.Response.Headers.Location.ToString());
        Assert.Equal("Moved Permanently", context.Response.BodyText);
    }

    [Fact]
    public void The_default_part_is_the_escaped_path_and_query()
    {
        using var redirector = Redirector("match: '^/users/([0-9]+)'\nreplacement: 'display?user=$1'");
        var context = Request("/users/123", "");

        redirector.Handle(context);

        Assert.Equal("display?user=123", context.Response!.Headers.Location.ToString());
    }

    [Theory]
    [InlineData(300, "Multiple Choices")]
    [InlineData(302, "Found")]
    [InlineData(303, "See Other")]
    [InlineData(304, "Not Modified")]
    [InlineData(307, "Temporary Redirect")]
    [InlineData(308, "Permanent Redirect")]
    public void StatusCode_picks_the_status_and_its_phrase(int code, string phrase)
    {
        using var redirector = Redirector($"match: '^/old'\nmatchPart: path\nreplacement: /new\nstatusCode: {code}");
        var context = Request("/old/x");

        redirector.Handle(context);

        Assert.Equal(code, context.Response!.StatusCode);
        Assert.Equal(phrase, context.Response.BodyText);
        Assert.Equal("/new/x", context.Response.Headers.Location.ToString());
    }

    [Fact]
    public void A_URL_the_expression_does_not_change_passes_on()
    {
        using var redirector = Redirector("match: '^/old'\nreplacement: /new");
        var context = Request("/current");

        Assert.Equal("", redirector.Handle(context));
        Assert.Null(context.Response);
    }

    [Fact]
    public async Task In_a_pipeline_the_client_gets_the_redirect()
    {
        await using var front = await PipelineFront.StartAsync("""
            name: redirect-demo
            kind: Pipeline
            filters:
            - name: redirect
              kind: Redirector
              match: '^/blog/(.*)$'
              matchPart: path
              replacement: https://blog.example.com/$1
              statusCode: 308
            """);

        using var response = await front.Client.GetAsync("/blog/2024/hello?ref=x");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://blog.example.com/2024/hello", response.Headers.Location!.OriginalString);
        Assert.Equal("Permanent Redirect", await response.Content.ReadAsStringAsync());
        Assert.Equal(RedirectorKind.Redirected, front.NextResult());
    }

    [Theory]
    [InlineData("replacement: /x", "filters[0].match: is required")]
    [InlineData("match: x", "filters[0].replacement: is required")]
    [InlineData("match: ''\nreplacement: /x", "filters[0].match: must not be empty")]
    [InlineData("match: x\nreplacement: ''", "filters[0].replacement: must not be empty")]
    [InlineData("match: x\nreplacement: /x\nmatchPart: host", "filters[0].matchPart: \"host\" is not one of uri, path, full")]
    [InlineData("match: x\nreplacement: /x\nstatusCode: 305", "filters[0].statusCode: 305 is not a redirect status")]
    [InlineData("match: x\nreplacement: /x\nstatusCode: 999", "filters[0].statusCode: 999 is not a redirect status")]
    [InlineData("match: '++'\nreplacement: /x", "filters[0].match: invalid regular expression")]
    [InlineData("match: '(?=x)'\nreplacement: /x", "filters[0].match: regular expression not supported (RE2 syntax only)")]
    public void Bad_fields_are_reported_with_their_path(string fieldsYaml, string message)
    {
        Assert.StartsWith(message, TestSpecs.FieldError("Redirector", fieldsYaml));
    }
}
