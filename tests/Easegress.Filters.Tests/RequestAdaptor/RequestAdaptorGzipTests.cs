using System.IO.Compression;
using System.Text;
using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Easegress.Filters.Proxy;
using Easegress.Filters.RequestAdaptor;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.RequestAdaptor;

/// <summary>RequestAdaptor's <c>compress: gzip</c> and <c>decompress: gzip</c>.</summary>
public sealed class RequestAdaptorGzipTests
{
    private static IAsyncFilter Adaptor(string fieldsYaml) => TestSpecs.Create<IAsyncFilter>("RequestAdaptor", fieldsYaml);

    private static RequestContext WithBody(byte[] body, string? contentEncoding = null, bool streams = false)
    {
        var context = Requests.Context("POST");
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (contentEncoding is not null) context.Request.Headers.ContentEncoding = contentEncoding;
        if (streams) RequestBodies.LetStream(context);
        return context;
    }

    private static async Task<byte[]> BodyOf(HttpRequest request)
    {
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Compress_gzips_the_body_and_says_so_in_the_headers()
    {
        using var adaptor = Adaptor("compress: gzip");
        var plain = Encoding.UTF8.GetBytes(new string('p', 4000));
        var context = WithBody(plain);

        Assert.Equal("", await adaptor.HandleAsync(context));

        var sent = await BodyOf(context.Request);
        Assert.Equal("gzip", context.Request.Headers.ContentEncoding.ToString());
        Assert.Equal(sent.Length, context.Request.ContentLength);
        Assert.True(Gzip.TryDecompress(sent, out var back));
        Assert.Equal(plain, back);
    }

    [Fact]
    public async Task Compress_leaves_an_encoded_or_empty_body_alone()
    {
        using var adaptor = Adaptor("compress: gzip");
        var encoded = WithBody("x"u8.ToArray(), contentEncoding: "br");
        var empty = WithBody([]);

        Assert.Equal("", await adaptor.HandleAsync(encoded));
        Assert.Equal("", await adaptor.HandleAsync(empty));

        Assert.Equal("x"u8.ToArray(), await BodyOf(encoded.Request));
        Assert.Equal("br", encoded.Request.Headers.ContentEncoding.ToString());
        Assert.Empty(await BodyOf(empty.Request));
        Assert.Equal(0, empty.Request.Headers.ContentEncoding.Count);
    }

    [Fact]
    public async Task Decompress_gunzips_a_gzip_body()
    {
        using var adaptor = Adaptor("decompress: gzip");
        var context = WithBody(Gzip.Compress("hello gzip"u8), contentEncoding: "gzip");

        Assert.Equal("", await adaptor.HandleAsync(context));

        Assert.Equal("hello gzip", Encoding.UTF8.GetString(await BodyOf(context.Request)));
        Assert.Equal(10, context.Request.ContentLength);
        Assert.Equal(0, context.Request.Headers.ContentEncoding.Count);
    }

    [Fact]
    public async Task Decompress_leaves_a_body_without_gzip_encoding_alone()
    {
        using var adaptor = Adaptor("decompress: gzip");
        var context = WithBody("plain"u8.ToArray());

        Assert.Equal("", await adaptor.HandleAsync(context));
        Assert.Equal("plain", Encoding.UTF8.GetString(await BodyOf(context.Request)));
    }

    [Fact]
    public async Task A_body_that_is_not_gzip_gives_decompressFailed()
    {
        using var adaptor = Adaptor("decompress: gzip");

        Assert.Equal(RequestAdaptorKind.DecompressFailed, await adaptor.HandleAsync(WithBody("nope"u8.ToArray(), contentEncoding: "gzip")));
    }

    [Fact]
    public async Task A_body_that_cannot_be_read_gives_the_failed_result()
    {
        using var compress = Adaptor("compress: gzip");
        using var decompress = Adaptor("decompress: gzip");
        var broken = Requests.Context("POST");
        broken.Request.Body = new FailingStream(new IOException("client went away"));
        var tooLarge = Requests.Context("POST", headers: [("Content-Encoding", "gzip")]);
        tooLarge.Request.Body = new FailingStream(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge));

        Assert.Equal(RequestAdaptorKind.CompressFailed, await compress.HandleAsync(broken));
        Assert.Equal(RequestAdaptorKind.DecompressFailed, await decompress.HandleAsync(tooLarge));
        Assert.Equal(413, tooLarge.Response!.StatusCode);
    }

    [Fact]
    public async Task A_body_that_streams_is_coded_as_it_streams()
    {
        using var compress = Adaptor("compress: gzip");
        using var decompress = Adaptor("decompress: gzip");
        var plain = WithBody(Encoding.UTF8.GetBytes(new string('q', 3000)), streams: true);
        var zipped = WithBody(Gzip.Compress("unzipped on the way"u8), contentEncoding: "gzip", streams: true);

        Assert.Equal("", await compress.HandleAsync(plain));
        Assert.Equal("", await decompress.HandleAsync(zipped));

        Assert.Null(plain.Request.ContentLength);
        Assert.Equal("gzip", plain.Request.Headers.ContentEncoding.ToString());
        await using (var gunzip = new GZipStream(plain.Request.Body, CompressionMode.Decompress))
            Assert.Equal(new string('q', 3000), await new StreamReader(gunzip).ReadToEndAsync());
        Assert.Null(zipped.Request.ContentLength);
        Assert.Equal(0, zipped.Request.Headers.ContentEncoding.Count);
        Assert.Equal("unzipped on the way", Encoding.UTF8.GetString(await BodyOf(zipped.Request)));
    }

    [Fact]
    public async Task The_other_fields_still_apply_before_the_body_is_coded()
    {
        using var adaptor = Adaptor("""
            compress: gzip
            body: replaced
            header: {set: {X-A: "1"}}
            """);
        var context = WithBody("original"u8.ToArray());

        Assert.Equal("", await adaptor.HandleAsync(context));

        Assert.Equal("1", context.Request.Headers["X-A"].ToString());
        Assert.True(Gzip.TryDecompress(await BodyOf(context.Request), out var back));
        Assert.Equal("replaced", Encoding.UTF8.GetString(back));
    }

    [Fact]
    public async Task A_compressed_request_reaches_the_backend_gzipped()
    {
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            await using var gunzip = new GZipStream(http.Request.Body, CompressionMode.Decompress);
            var text = await new StreamReader(gunzip).ReadToEndAsync();
            await http.Response.WriteAsync($"{http.Request.Headers.ContentEncoding}:{http.Request.ContentLength}:{text}");
        });
        using var adaptor = Adaptor("compress: gzip");
        using var proxy = TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
            name: proxy
            kind: Proxy
            pools:
            - servers:
              - url: {backend.Url}
            """));
        await using var front = await FilterFront.StartAsync(adaptor, proxy);

        using var response = await front.Client.PostAsync("/", new StringContent("squeeze me"));
        var echoed = (await response.Content.ReadAsStringAsync()).Split(':', 3);

        Assert.Equal("gzip", echoed[0]);
        Assert.Equal(Gzip.Compress("squeeze me"u8).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), echoed[1]);
        Assert.Equal("squeeze me", echoed[2]);
    }
}
