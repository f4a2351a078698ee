using System.Text;
using System.Text.Json.Nodes;
using Easegress.Filters.HeaderToJSON;
using Easegress.Protocols.Http;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.HeaderToJSON;

public sealed class HeaderToJSONTests
{
    private static IAsyncFilter Filter(string map = "[{header: X-User-Id, json: userId}, {header: x-region, json: region}]") =>
        TestSpecs.Create<IAsyncFilter>("HeaderToJSON", $"headerMap: {map}");

    private static RequestContext Request(string body, params (string, string)[] headers)
    {
        var context = Requests.Context("POST", headers: headers);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context;
    }

    private static async Task<string> BodyOf(RequestContext context) => await new StreamReader(context.Request.Body).ReadToEndAsync();

    [Fact]
    public async Task An_empty_body_becomes_an_object_of_the_header_values()
    {
        using var filter = Filter();
        var context = Request("", ("X-User-Id", "42"), ("X-Region", "eu"));

        Assert.Equal("", await filter.HandleAsync(context));

        var body = await BodyOf(context);
        Assert.Equal("""{"userId":"42","region":"eu"}""", body);
        Assert.Equal(body.Length, context.Request.ContentLength);
    }

    [Fact]
    public async Task An_object_gets_the_values_as_fields_replacing_fields_of_the_same_name()
    {
        using var filter = Filter();
        var context = Request("""{"userId": "spoofed", "item": {"id": 3}}""", ("X-User-Id", "42"));

        Assert.Equal("", await filter.HandleAsync(context));

        var body = JsonNode.Parse(await BodyOf(context))!.AsObject();
        Assert.Equal("42", body["userId"]!.GetValue<string>());
        Assert.Equal(3, body["item"]!["id"]!.GetValue<int>());
        Assert.False(body.ContainsKey("region"));
    }

    [Fact]
    public async Task Every_object_of_an_array_gets_the_values()
    {
        using var filter = Filter();
        var context = Request("""  [{"a": 1}, {"b": 2}]""", ("X-Region", "us"));

        Assert.Equal("", await filter.HandleAsync(context));

        Assert.Equal("""[{"a":1,"region":"us"},{"b":2,"region":"us"}]""", await BodyOf(context));
    }

    [Fact]
    public async Task Without_any_of_the_headers_the_body_is_left_alone()
    {
        using var filter = Filter();
        var context = Request("not even json");

        Assert.Equal("", await filter.HandleAsync(context));
        Assert.Equal("not even json", await BodyOf(context));
    }

    [Fact]
    public async Task The_first_value_of_a_header_is_taken()
    {
        using var filter = Filter();
        var context = Request("{}", ("X-User-Id", "1"), ("X-User-Id", "2"));

        await filter.HandleAsync(context);

        Assert.Equal("""{"userId":"1"}""", await BodyOf(context));
    }

    [Theory]
    [InlineData("{broken")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("[1, 2]")]
    [InlineData("plain words")]
    public async Task A_body_that_is_not_an_object_or_array_of_objects_gives_jsonEncodeDecodeErr(string body)
    {
        using var filter = Filter();

        Assert.Equal(HeaderToJSONKind.JsonEncodeDecodeErr, await filter.HandleAsync(Request(body, ("X-User-Id", "42"))));
    }

    [Fact]
    public async Task A_body_that_streams_or_cannot_be_read_gives_bodyReadErr()
    {
        using var filter = Filter();
        var streaming = Request("{}", ("X-User-Id", "42"));
        RequestBodies.LetStream(streaming);
        var broken = Request("", ("X-User-Id", "42"));
        broken.Request.Body = new FailingStream(new IOException("connection reset"));
        broken.Request.ContentLength = null;

        Assert.Equal(HeaderToJSONKind.BodyReadErr, await filter.HandleAsync(streaming));
        Assert.Equal(HeaderToJSONKind.BodyReadErr, await filter.HandleAsync(broken));
    }

    [Fact]
    public async Task Before_a_Proxy_the_backend_receives_the_merged_body()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        await using var front = await PipelineFront.StartAsync($$"""
            name: h2j-demo
            kind: Pipeline
            filters:
            - name: h2j
              kind: HeaderToJSON
              headerMap:
              - {header: X-User-Id, json: userId}
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {{backend.Url}}
            """);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = new StringContent("""{"item": "book"}""") };
        request.Headers.Add("X-User-Id", "42");
        using var response = await front.Client.SendAsync(request);

        var received = Assert.Single(backend.Received);
        Assert.Equal("""{"item":"book","userId":"42"}""", received.Body);
        Assert.Equal(received.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
    }

    [Theory]
    [InlineData("name: h2j\nkind: HeaderToJSON", "filters[0].headerMap: is required")]
    [InlineData("name: h2j\nkind: HeaderToJSON\nheaderMap: []", "filters[0].headerMap: at least one header is required")]
    [InlineData("name: h2j\nkind: HeaderToJSON\nheaderMap: [{json: id}]", "filters[0].headerMap[0].header: is required")]
    [InlineData("name: h2j\nkind: HeaderToJSON\nheaderMap: [{header: X-Id}]", "filters[0].headerMap[0].json: is required")]
    [InlineData("name: h2j\nkind: HeaderToJSON\nheaderMap: [{header: '', json: id}]", "filters[0].headerMap[0].header: must not be empty")]
    [InlineData("name: h2j\nkind: HeaderToJSON\nheaderMap: [{header: X-Id, json: id, type: int}]", "filters[0].headerMap[0].type: unknown field")]
    public void Bad_fields_are_reported_with_their_path(string yaml, string message)
    {
        Assert.Equal(message, TestSpecs.FilterError(yaml));
    }
}
