using Easegress.Filters.RequestAdaptor;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Filters.Tests.RequestAdaptor;

public sealed class RequestAdaptorTests
{
    private static ISyncFilter Adaptor(string fieldsYaml) => (ISyncFilter)TestSpecs.Create(TestSpecs.Filter<RequestAdaptorSpec>($"""
        name: ra
        kind: RequestAdaptor
        {fieldsYaml}
        """));

    [Fact]
    public void Method_is_replaced()
    {
        using var adaptor = Adaptor("method: POST");
        var context = Requests.Context("GET");

        Assert.Equal("", adaptor.Handle(context));
        Assert.Equal("POST", context.Request.Method);
    }

    [Fact]
    public void Host_is_replaced()
    {
        using var adaptor = Adaptor("host: backend.internal:8080");
        var context = Requests.Context(host: "example.com");

        adaptor.Handle(context);

        Assert.Equal("backend.internal:8080", context.Request.Host.Value);
        Assert.Equal("backend.internal:8080", context.Request.Headers.Host.ToString());
    }

    [Theory]
    [InlineData("{replace: /fixed}", "/api/users", "/fixed")]
    [InlineData("{addPrefix: /v2}", "/users", "/v2/users")]
    [InlineData("{trimPrefix: /api}", "/api/users", "/users")]
    [InlineData("{trimPrefix: /api}", "/other/users", "/other/users")]
    [InlineData("{trimPrefix: /api, addPrefix: /v2}", "/api/users", "/v2/users")]
    [InlineData("{regexpReplace: {regexp: '^/users/([0-9]+)$', replace: '/people/$1'}}", "/users/42", "/people/42")]
    [InlineData("{regexpReplace: {regexp: '^/users/(?<id>[0-9]+)$', replace: '/p/${id}'}}", "/users/7", "/p/7")]
    [InlineData("{replace: /wins, addPrefix: /v2, regexpReplace: {regexp: x, replace: y}}", "/api", "/wins")]
    [InlineData("{regexpReplace: {regexp: '^/a', replace: ''}, trimPrefix: /b}", "/a/b", "/b")]
    [InlineData("{trimPrefix: /api}", "/apix", "/x")]
    public void Path_is_adapted_in_Easegress_order(string pathYaml, string before, string after)
    {
        using var adaptor = Adaptor($"path: {pathYaml}");
        var context = Requests.Context(path: before);

        adaptor.Handle(context);

        Assert.Equal(after, context.Request.Path.Value);
    }

    [Fact]
    public void Headers_are_deleted_then_set_then_added()
    {
        using var adaptor = Adaptor("""
            header:
              del: [X-Remove, X-Both]
              set:
                X-Both: set
                X-Set: one
              add:
                X-Set: two
                X-Added: added
            """);
        var context = Requests.Context(headers: [("X-Remove", "gone"), ("X-Both", "old"), ("X-Keep", "kept"), ("X-Set", "old")]);

        adaptor.Handle(context);

        var headers = context.Request.Headers;
        Assert.False(headers.ContainsKey("X-Remove"));
        Assert.Equal("set", headers["X-Both"].ToString());
        Assert.Equal(new[] { "one", "two" }, headers["X-Set"].ToArray());
        Assert.Equal("added", headers["X-Added"].ToString());
        Assert.Equal("kept", headers["X-Keep"].ToString());
    }

    [Fact]
    public void Body_is_replaced_with_its_length_and_the_old_encodings_dropped()
    {
        using var adaptor = Adaptor("body: '{\"hello\": \"wörld\"}'");
        var context = Requests.Context("GET", headers: [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]);

        adaptor.Handle(context);

        var request = context.Request;
        var expected = "{\"hello\": \"wörld\"}";
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(expected), request.ContentLength);
        Assert.Equal(expected, new StreamReader(request.Body).ReadToEnd());
        Assert.False(request.Headers.ContainsKey("Content-Encoding"));
        Assert.False(request.Headers.ContainsKey("Transfer-Encoding"));
        Assert.True(context.Http.Features.Get<IHttpRequestBodyDetectionFeature>()!.CanHaveBody);
    }

    [Fact]
    public void Every_request_gets_its_own_copy_of_the_body()
    {
        using var adaptor = Adaptor("body: same");
        var first = Requests.Context();
        var second = Requests.Context();

        adaptor.Handle(first);
        adaptor.Handle(second);

        Assert.Equal("same", new StreamReader(first.Request.Body).ReadToEnd());
        Assert.Equal("same", new StreamReader(second.Request.Body).ReadToEnd());
    }

    [Fact]
    public void Nothing_configured_changes_nothing()
    {
        using var adaptor = Adaptor("method: ''");
        var context = Requests.Context("DELETE", "/keep", headers: [("X-A", "1")]);

        adaptor.Handle(context);

        Assert.Equal("DELETE", context.Request.Method);
        Assert.Equal("/keep", context.Request.Path.Value);
        Assert.Equal("1", context.Request.Headers["X-A"].ToString());
    }

    [Theory]
    [InlineData("method: FETCH", "filters[0].method: \"FETCH\" is not an HTTP method")]
    [InlineData("path: {replace: relative}", "filters[0].path.replace: must start with /")]
    [InlineData("path: {addPrefix: v2}", "filters[0].path.addPrefix: must start with /")]
    [InlineData("path: {regexpReplace: {replace: x}}", "filters[0].path.regexpReplace.regexp: is required")]
    [InlineData("compress: br", "filters[0].compress: \"br\" is not supported; only gzip is")]
    [InlineData("decompress: zstd", "filters[0].decompress: \"zstd\" is not supported; only gzip is")]
    [InlineData("compress: gzip\ndecompress: gzip", "filters[0].decompress: give compress or decompress, not both")]
    [InlineData("body: x\ndecompress: gzip", "filters[0].decompress: there is nothing to decompress when body replaces the body")]
    [InlineData("template: x", "filters[0].template: unknown field")]
    [InlineData("header: {remove: [X]}", "filters[0].header.remove: unknown field")]
    public void Bad_fields_are_reported_with_their_path(string fieldsYaml, string message)
    {
        Assert.Equal(message, TestSpecs.FilterError($"""
            name: ra
            kind: RequestAdaptor
            {fieldsYaml}
            """));
    }

    [Fact]
    public void An_invalid_path_regexp_is_reported_at_its_field()
    {
        Assert.StartsWith("filters[0].path.regexpReplace.regexp: invalid regular expression", TestSpecs.FilterError("""
            name: ra
            kind: RequestAdaptor
            path:
              regexpReplace:
                regexp: "(unclosed"
            """));
    }
}
