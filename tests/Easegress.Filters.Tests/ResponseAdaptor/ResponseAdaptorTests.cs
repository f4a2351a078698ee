using System.IO.Compression;
using System.Text;
using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Easegress.Filters.ResponseAdaptor;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.ResponseAdaptor;

public sealed class ResponseAdaptorTests
{
    private static IFilter Adaptor(string fieldsYaml) => TestSpecs.Create<IFilter>("ResponseAdaptor", fieldsYaml);

    private static async Task<string> RunAsync(IFilter filter, RequestContext context) => filter switch
    {
        ISyncFilter sync => sync.Handle(context),
        IAsyncFilter async => await async.HandleAsync(context),
        _ => throw new InvalidOperationException(),
    };

    private static RequestContext Answered(string body = "backend body", params (string Name, string Value)[] headers)
    {
        var context = Requests.Context();
        var response = context.Respond(200, body);
        foreach (var (name, value) in headers) response.Headers.Append(name, value);
        return context;
    }

    [Fact]
    public async Task Without_a_response_the_result_is_responseNotFound()
    {
        using var adaptor = Adaptor("header: {set: {X-A: '1'}}");

        Assert.Equal(ResponseAdaptorKind.ResponseNotFound, await RunAsync(adaptor, Requests.Context()));
    }

    [Fact]
    public async Task Headers_are_deleted_then_set_then_added()
    {
        using var adaptor = Adaptor("""
            header:
              del: [X-Drop, X-Set]
              set: {X-Set: new, X-Both: set}
              add: {X-Both: added, X-Add: one}
            """);
        var context = Answered(headers: [("X-Drop", "x"), ("X-Set", "old"), ("X-Keep", "k")]);

        Assert.Equal("", await RunAsync(adaptor, context));

        var headers = context.Response!.Headers;
        Assert.False(headers.ContainsKey("X-Drop"));
        Assert.Equal("new", headers["X-Set"].ToString());
        Assert.Equal("set,added", headers["X-Both"].ToString());
        Assert.Equal("one", headers["X-Add"].ToString());
        Assert.Equal("k", headers["X-Keep"].ToString());
        Assert.Equal("backend body", context.Response.BodyText);
    }

    [Fact]
    public async Task A_new_body_replaces_the_old_one_and_its_Content_Encoding()
    {
        using var adaptor = Adaptor("body: '{\"ok\": true}'");
        var context = Answered(headers: [("Content-Encoding", "gzip")]);

        Assert.Equal("", await RunAsync(adaptor, context));

        Assert.Equal("{\"ok\": true}", context.Response!.BodyText);
        Assert.False(context.Response.Headers.ContainsKey("Content-Encoding"));
    }

    [Fact]
    public async Task Compress_gzips_a_body_held_in_memory()
    {
        using var adaptor = Adaptor("compress: gzip");
        var context = Answered(new string('z', 5000));

        Assert.Equal("", await RunAsync(adaptor, context));

        Assert.Equal("gzip", context.Response!.Headers.ContentEncoding.ToString());
        Assert.True(Gzip.TryDecompress(context.Response.Body, out var plain));
        Assert.Equal(new string('z', 5000), Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public async Task Compress_leaves_an_encoded_body_alone()
    {
        using var adaptor = Adaptor("compress: gzip");
        var context = Answered("already", ("Content-Encoding", "br"));

        Assert.Equal("", await RunAsync(adaptor, context));

        Assert.Equal("br", context.Response!.Headers.ContentEncoding.ToString());
        Assert.Equal("already", context.Response.BodyText);
    }

    [Fact]
    public async Task Decompress_gunzips_a_gzip_body_and_drops_its_encoding()
    {
        using var adaptor = Adaptor("decompress: gzip");
        var context = Requests.Context();
        var response = context.Respond(200);
        response.SetBody(Gzip.Compress("plain text"u8));
        response.Headers.ContentEncoding = "gzip";
        response.Headers.ContentLength = 30;

        Assert.Equal("", await RunAsync(adaptor, context));

        Assert.Equal("plain text", response.BodyText);
        Assert.False(response.Headers.ContainsKey("Content-Encoding"));
        Assert.False(response.Headers.ContainsKey("Content-Length"));
    }

    [Fact]
    public async Task Decompress_leaves_a_body_that_is_not_gzip_encoded_alone()
    {
        using var adaptor = Adaptor("decompress: gzip");
        var context = Answered("plain");

        Assert.Equal("", await RunAsync(adaptor, context));
        Assert.Equal("plain", context.Response!.BodyText);
    }

    [Fact]
    public async Task A_corrupt_gzip_body_gives_decompressFailed()
    {
        using var adaptor = Adaptor("decompress: gzip");
        var context = Answered("not gzip at all", ("Content-Encoding", "gzip"));

        Assert.Equal(ResponseAdaptorKind.DecompressFailed, await RunAsync(adaptor, context));
    }

    [Fact]
    public async Task A_streamed_body_is_coded_as_it_streams()
    {
        using var compress = Adaptor("compress: gzip");
        var context = Requests.Context();
        var response = context.Respond(200);
        response.SetBodyStream(new MemoryStream(Encoding.UTF8.GetBytes(new string('s', 3000))));
        response.Headers.ContentLength = 3000;

        Assert.Equal("", await RunAsync(compress, context));

        Assert.Equal("gzip", response.Headers.ContentEncoding.ToString());
        Assert.False(response.Headers.ContainsKey("Content-Length"));
        await using var gunzip = new GZipStream(response.BodyStream!, CompressionMode.Decompress);
        Assert.Equal(new string('s', 3000), await new StreamReader(gunzip).ReadToEndAsync());
    }

    [Fact]
    public async Task A_streamed_gzip_body_is_gunzipped_as_it_streams()
    {
        using var decompress = Adaptor("decompress: gzip");
        var context = Requests.Context();
        var response = context.Respond(200);
        response.SetBodyStream(new MemoryStream(Gzip.Compress("streamed"u8)));
        response.Headers.ContentEncoding = "gzip";

        Assert.Equal("", await RunAsync(decompress, context));

        Assert.False(response.Headers.ContainsKey("Content-Encoding"));
        Assert.Equal("streamed", await new StreamReader(response.BodyStream!).ReadToEndAsync());
    }

    [Fact]
    public void Only_gzip_coding_makes_it_an_asynchronous_filter()
    {
        using var plain = Adaptor("body: x");
        using var coding = Adaptor("compress: gzip");

        Assert.IsAssignableFrom<ISyncFilter>(plain);
        Assert.IsAssignableFrom<IAsyncFilter>(coding);
    }

    [Theory]
    [InlineData("compress: deflate", "filters[0].compress: \"deflate\" is not supported; only gzip is")]
    [InlineData("compress: gzip\ndecompress: gzip", "filters[0].decompress: give compress or decompress, not both")]
    [InlineData("body: x\ndecompress: gzip", "filters[0].decompress: there is nothing to decompress when body replaces the body")]
    [InlineData("header: {replace: {X: y}}", "filters[0].header.replace: unknown field")]
    [InlineData("template: x", "filters[0].template: unknown field")]
    public void Bad_fields_are_reported_with_their_path(string fieldsYaml, string message)
    {
        Assert.Equal(message, TestSpecs.FieldError("ResponseAdaptor", fieldsYaml));
    }
}
