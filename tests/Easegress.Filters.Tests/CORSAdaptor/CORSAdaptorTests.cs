using System.Net;
using Easegress.Filters.CORSAdaptor;
using Easegress.Protocols.Http;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.CORSAdaptor;

public sealed class CORSAdaptorTests
{
    private static ISyncFilter Cors(string fieldsYaml = "") => TestSpecs.Create<ISyncFilter>("CORSAdaptor", fieldsYaml);

    private static RequestContext Preflight(string origin = "https://app.example", string method = "GET", string? headers = null)
    {
        var sent = new List<(string, string)> { ("Origin", origin), ("Access-Control-Request-Method", method) };
        if (headers is not null) sent.Add(("Access-Control-Request-Headers", headers));
        return Requests.Context("OPTIONS", headers: sent.ToArray());
    }

    private static RequestContext Actual(string method = "GET", string origin = "https://app.example") =>
        Requests.Context(method, headers: [("Origin", origin)]);

    private static string Header(RequestContext context, string name) => context.Response!.Headers[name].ToString();

    [Fact]
    public void A_request_without_Origin_passes_untouched()
    {
        using var cors = Cors();
        var context = Requests.Context("OPTIONS", headers: [("Access-Control-Request-Method", "GET")]);

        Assert.Equal("", cors.Handle(context));
        Assert.Null(context.Response);
    }

    [Fact]
    public void An_allowed_preflight_is_answered_204_with_the_allow_headers()
    {
        using var cors = Cors();
        var context = Preflight(headers: "content-type, x-requested-with");

        Assert.Equal(CORSAdaptorKind.Preflighted, cors.Handle(context));

        Assert.Equal(204, context.Response!.StatusCode);
        Assert.Equal("*", Header(context, "Access-Control-Allow-Origin"));
        Assert.Equal("GET", Header(context, "Access-Control-Allow-Methods"));
        Assert.Equal("Content-Type, X-Requested-With", Header(context, "Access-Control-Allow-Headers"));
        Assert.Equal("Origin,Access-Control-Request-Method,Access-Control-Request-Headers", Header(context, "Vary"));
        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Max-Age"));
        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("", "DELETE", null)]                                    // default methods: GET, POST, HEAD
    [InlineData("", "GET", "X-Custom")]                                 // default headers: Origin, Accept, Content-Type, X-Requested-With
    [InlineData("allowedOrigins: [https://shop.example]", "GET", null)]
    [InlineData("allowedHeaders: [X-Custom]", "GET", "Accept")]
    public void A_preflight_the_policy_refuses_is_answered_204_without_allow_headers(string fields, string method, string? headers)
    {
        using var cors = Cors(fields);
        var context = Preflight(method: method, headers: headers);

        Assert.Equal(CORSAdaptorKind.Preflighted, cors.Handle(context));

        Assert.Equal(204, context.Response!.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Allow-Origin"));
        Assert.Equal("Origin,Access-Control-Request-Method,Access-Control-Request-Headers", Header(context, "Vary"));
    }

    [Theory]
    [InlineData("allowedMethods: [PUT, PATCH]", "PUT", null)]
    [InlineData("allowedHeaders: [x-custom]", "GET", "X-Custom, Origin")]
    [InlineData("allowedHeaders: ['*']", "GET", "X-Anything")]
    [InlineData("allowedOrigins: ['https://*.example']", "GET", null)]
    [InlineData("allowedOrigins: [HTTPS://APP.EXAMPLE]", "GET", null)]
    public void The_fields_widen_what_a_preflight_may_ask(string fields, string method, string? headers)
    {
        using var cors = Cors(fields);
        var context = Preflight(method: method, headers: headers);

        cors.Handle(context);

        Assert.True(context.Response!.Headers.ContainsKey("Access-Control-Allow-Origin"), fields);
        Assert.Equal(method, Header(context, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public void MaxAge_and_allowCredentials_are_announced_and_credentials_get_the_origin_itself()
    {
        using var cors = Cors("maxAge: 600\nallowCredentials: true");
        var context = Preflight();

        cors.Handle(context);

        Assert.Equal("600", Header(context, "Access-Control-Max-Age"));
        Assert.Equal("true", Header(context, "Access-Control-Allow-Credentials"));
        Assert.Equal("https://app.example", Header(context, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public void An_allowed_request_gets_the_CORS_headers_on_a_200_for_the_Proxy_to_merge()
    {
        using var cors = Cors("allowedOrigins: [https://app.example]\nexposedHeaders: [x-total, X-Page]\nallowCredentials: true");
        var context = Actual("POST");

        Assert.Equal("", cors.Handle(context));

        Assert.Equal(200, context.Response!.StatusCode);
        Assert.Equal("https://app.example", Header(context, "Access-Control-Allow-Origin"));
        Assert.Equal("X-Total, X-Page", Header(context, "Access-Control-Expose-Headers"));
        Assert.Equal("true", Header(context, "Access-Control-Allow-Credentials"));
        Assert.Equal("Origin", Header(context, "Vary"));
    }

    [Theory]
    [InlineData("allowedOrigins: [https://shop.example]", "GET", "https://app.example")]
    [InlineData("allowedOrigins: ['https://*.shop.example']", "GET", "https://app.example")]
    [InlineData("", "DELETE", "https://app.example")]
    public void A_request_the_policy_refuses_is_rejected_without_Allow_Origin(string fields, string method, string origin)
    {
        using var cors = Cors(fields);
        var context = Actual(method, origin);

        Assert.Equal(CORSAdaptorKind.Rejected, cors.Handle(context));

        Assert.False(context.Response!.Headers.ContainsKey("Access-Control-Allow-Origin"));
        Assert.Equal("Origin", Header(context, "Vary"));
    }

    [Fact]
    public void On_an_existing_response_Vary_is_added_to_and_the_CORS_headers_replace()
    {
        using var cors = Cors();
        var context = Actual();
        var response = context.Respond(201, "created");
        response.Headers["Vary"] = "Accept-Encoding";
        response.Headers["Access-Control-Allow-Origin"] = "https://backend.example";

        cors.Handle(context);

        Assert.Same(response, context.Response);
        Assert.Equal(201, response.StatusCode);
        Assert.Equal("Accept-Encoding,Origin", response.Headers["Vary"].ToString());
        Assert.Equal("*", response.Headers["Access-Control-Allow-Origin"].ToString());
        Assert.Equal("created", response.BodyText);
    }

    [Fact]
    public async Task Before_a_Proxy_the_backends_answer_carries_the_CORS_headers_and_preflights_stop_at_the_gateway()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        await using var front = await PipelineFront.StartAsync($$"""
            name: cors-demo
            kind: Pipeline
            flow:
            - filter: cors
              jumpIf: {preflighted: END}
            - filter: proxy
            filters:
            - name: cors
              kind: CORSAdaptor
              allowedOrigins: [https://app.example]
              allowedMethods: [GET, PUT]
              maxAge: 60
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {{backend.Url}}
            """);

        using var preflighted = await front.Client.SendAsync(
            Requests.Message("OPTIONS", "/items", ("Origin", "https://app.example"), ("Access-Control-Request-Method", "PUT")));
        using var actual = Requests.Message("PUT", "/items", ("Origin", "https://app.example"));
        actual.Content = new StringContent("x");
        using var proxied = await front.Client.SendAsync(actual);

        Assert.Equal(HttpStatusCode.NoContent, preflighted.StatusCode);
        Assert.Equal("PUT", Assert.Single(preflighted.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("60", Assert.Single(preflighted.Headers.GetValues("Access-Control-Max-Age")));
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal("https://app.example", Assert.Single(proxied.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("b1: x", await proxied.Content.ReadAsStringAsync());
        Assert.Single(backend.Received);
    }

    [Fact]
    public void A_v1_supportCORSRequest_field_is_accepted()
    {
        using var cors = Cors("supportCORSRequest: true");
        Assert.Equal("", cors.Handle(Actual()));
    }

    [Theory]
    [InlineData("allowedMethods: [FETCH]", "filters[0].allowedMethods[0]: \"FETCH\" is not an HTTP method")]
    [InlineData("allowedOrigins: ['https://*.*.example']", "filters[0].allowedOrigins[0]: only one * is allowed in an origin")]
    [InlineData("maxAge: -1", "filters[0].maxAge: must not be negative")]
    [InlineData("allowCredentials: yes-please", "filters[0].allowCredentials: must be true or false, not \"yes-please\"")]
    [InlineData("allowedOrigin: ['*']", "filters[0].allowedOrigin: unknown field")]
    public void Bad_fields_are_reported_with_their_path(string fieldsYaml, string message)
    {
        Assert.StartsWith(message, TestSpecs.FieldError("CORSAdaptor", fieldsYaml));
    }
}
