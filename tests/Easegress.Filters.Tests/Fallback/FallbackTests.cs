using System.Net;
using Easegress.Filters.Fallback;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Fallback;

public sealed class FallbackTests
{
    private static ISyncFilter Fallback(string fieldsYaml) => TestSpecs.Create<ISyncFilter>("Fallback", fieldsYaml);

    [Fact]
    public void Without_a_response_the_result_is_responseNotFound_and_nothing_changes()
    {
        using var fallback = Fallback("mockCode: 503");
        var context = Requests.Context();

        Assert.Equal(FallbackKind.ResponseNotFound, fallback.Handle(context));
        Assert.Null(context.Response);
    }

    [Fact]
    public void The_response_is_overwritten_with_the_mock_code_headers_and_body()
    {
        using var fallback = Fallback("""
            mockCode: 200
            mockHeaders: {Content-Type: application/json, X-Fallback: "yes"}
            mockBody: '{"degraded": true}'
            """);
        var context = Requests.Context();
        var response = context.Respond(500, "backend exploded");
        response.Headers["Content-Type"] = "text/html";
        response.Headers["Content-Encoding"] = "gzip";
        response.Headers["X-Request-Id"] = "r1";

        Assert.Equal(FallbackKind.Fallback, fallback.Handle(context));

        Assert.Same(response, context.Response);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.Headers["Content-Type"].ToString());
        Assert.Equal("yes", response.Headers["X-Fallback"].ToString());
        Assert.Equal("r1", response.Headers["X-Request-Id"].ToString());
        Assert.False(response.Headers.ContainsKey("Content-Encoding"));
        Assert.Equal("{\"degraded\": true}", response.BodyText);
    }

    [Fact]
    public void A_streamed_body_is_released_and_replaced()
    {
        using var fallback = Fallback("mockCode: 502\nmockBody: replaced");
        var context = Requests.Context();
        var stream = new MemoryStream("streaming"u8.ToArray());
        context.Respond(200).SetBodyStream(stream);

        fallback.Handle(context);

        Assert.False(context.Response!.IsStream);
        Assert.False(stream.CanRead);   // disposed
        Assert.Equal("replaced", context.Response.BodyText);
    }

    [Fact]
    public async Task After_a_Proxy_it_answers_in_place_of_a_failed_backend()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        await using var front = await PipelineFront.StartAsync($$"""
            name: fallback-demo
            kind: Pipeline
            flow:
            - filter: proxy
              jumpIf: {failureCode: fallback, serverError: fallback}
            - filter: END
            - filter: fallback
            filters:
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {{backend.Url}}
            - name: fallback
              kind: Fallback
              mockCode: 200
              mockHeaders: {X-Fallback: "yes"}
              mockBody: sorry, try later
            """);

        using var fallenBack = await front.Client.SendAsync(Requests.Message("GET", "/", ("X-Reply-Status", "500")));
        using var healthy = await front.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, fallenBack.StatusCode);
        Assert.Equal("yes", Assert.Single(fallenBack.Headers.GetValues("X-Fallback")));
        Assert.Equal("sorry, try later", await fallenBack.Content.ReadAsStringAsync());
        Assert.Equal(FallbackKind.Fallback, front.NextResult());
        Assert.Equal("b1: ", await healthy.Content.ReadAsStringAsync());
        Assert.False(healthy.Headers.Contains("X-Fallback"));
        Assert.Equal("", front.NextResult());
    }

    [Theory]
    [InlineData("mockBody: x", "filters[0].mockCode: is required")]
    [InlineData("mockCode: 700", "filters[0].mockCode: 700 is not an HTTP status code (100-599)")]
    [InlineData("mockCode: ok", "filters[0].mockCode: must be a number, not \"ok\"")]
    [InlineData("mockCode: 200\nmockHeaders: [X]", "filters[0].mockHeaders: must be a mapping, not a list")]
    [InlineData("mockCode: 200\nmockStatus: 1", "filters[0].mockStatus: unknown field")]
    public void Bad_fields_are_reported_with_their_path(string fieldsYaml, string message)
    {
        Assert.Equal(message, TestSpecs.FieldError("Fallback", fieldsYaml));
    }
}
