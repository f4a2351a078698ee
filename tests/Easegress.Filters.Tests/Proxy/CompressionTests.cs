using System.IO.Compression;
using System.Net;
using System.Text;
using Easegress.Protocols.Http.Bodies;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>The Proxy's <c>compression</c>, on a streamed response and on one handed over to later filters.</summary>
public sealed class CompressionTests
{
    private static string Pipeline(string url, long minLength = 1024, string extra = "", string flow = "- filter: proxy") => $$"""
        name: gzip
        kind: Pipeline
        flow:
        {{flow}}
        filters:
        - name: proxy
          kind: Proxy
          compression: {minLength: {{minLength}}}
          pools: [{servers: [{url: "{{url}}"}]}]
        {{extra}}
        """;

    private static async Task<HttpResponseMessage> GetAsync(PipelineFront front, string? acceptEncoding = "gzip, deflate", string method = "GET")
    {
        using var request = acceptEncoding is null ? Requests.Message(method, "/") : Requests.Message(method, "/", ("Accept-Encoding", acceptEncoding));
        return await front.Client.SendAsync(request);
    }

    private static async Task<string> GunzipAsync(HttpResponseMessage response)
    {
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        return await new StreamReader(gzip).ReadToEndAsync();
    }

    [Fact]
    public async Task A_response_of_at_least_minLength_is_gzipped_for_a_client_that_accepts_gzip()
    {
        await using var backend = await Backends.SizedAsync(2000);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await GetAsync(front);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal(new string('a', 2000), await GunzipAsync(response));
    }

    [Fact]
    public async Task A_response_shorter_than_minLength_is_sent_as_it_is()
    {
        await using var backend = await Backends.SizedAsync(100);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await GetAsync(front);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(100, response.Content.Headers.ContentLength);
        Assert.Equal(new string('a', 100), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_response_of_unknown_length_is_gzipped_whatever_minLength_says()
    {
        await using var backend = await Backends.SizedAsync(100, announceLength: false);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await GetAsync(front);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(new string('a', 100), await GunzipAsync(response));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("gzip", true)]
    [InlineData("*/*", true)]
    [InlineData("br", false)]
    [InlineData("identity", false)]
    public async Task The_clients_Accept_Encoding_decides(string? acceptEncoding, bool gzipped)
    {
        await using var backend = await Backends.SizedAsync(2000);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await GetAsync(front, acceptEncoding);

        Assert.Equal(gzipped, response.Content.Headers.ContentEncoding.Contains("gzip"));
    }

    [Fact]
    public async Task A_body_the_backend_encoded_already_is_left_alone()
    {
        var encoded = Gzip.Compress(Encoding.UTF8.GetBytes(new string('b', 4000)));
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            http.Response.Headers.ContentEncoding = "gzip";
            await http.Response.Body.WriteAsync(encoded);
        });
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await GetAsync(front);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(encoded, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_HEAD_response_has_no_body_to_compress()
    {
        await using var backend = await Backends.SizedAsync(2000);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await GetAsync(front, method: "HEAD");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_gzipped_response_still_streams()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, minLength: 0));

        using var response = await front.Client.SendAsync(Requests.Message("GET", "/", ("Accept-Encoding", "gzip")),
            HttpCompletionOption.ResponseHeadersRead);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);

        await Backends.AssertStreamedAsync(gzip, release);
    }

    [Fact]
    public async Task A_handed_over_response_is_gzipped_before_the_filters_after_the_Proxy_see_it()
    {
        await using var backend = await Backends.SizedAsync(3000);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, flow: "- filter: proxy\n- filter: adaptor", extra: """
            - name: adaptor
              kind: ResponseAdaptor
              header:
                set:
                  X-Seen: "yes"
            """));

        using var response = await GetAsync(front);

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Seen")));
        Assert.Equal(new string('a', 3000), await GunzipAsync(response));
    }

    [Fact]
    public async Task A_ResponseAdaptor_can_decompress_what_the_Proxy_gzipped()
    {
        await using var backend = await Backends.SizedAsync(3000);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, flow: "- filter: proxy\n- filter: adaptor", extra: """
            - {name: adaptor, kind: ResponseAdaptor, decompress: gzip}
            """));

        using var response = await GetAsync(front);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(3000, response.Content.Headers.ContentLength);
        Assert.Equal(new string('a', 3000), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_response_handed_over_as_a_stream_is_gzipped_as_it_streams()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        await using var front = await PipelineFront.StartAsync($$"""
            name: gzip
            kind: Pipeline
            flow: [{filter: proxy}, {filter: adaptor}]
            filters:
            - name: proxy
              kind: Proxy
              serverMaxBodySize: -1
              compression: {minLength: 0}
              pools: [{servers: [{url: "{{backend.Url}}"}]}]
            - name: adaptor
              kind: ResponseAdaptor
              header:
                set:
                  X-Seen: "yes"
            """);

        using var response = await front.Client.SendAsync(Requests.Message("GET", "/", ("Accept-Encoding", "gzip")),
            HttpCompletionOption.ResponseHeadersRead);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);

        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Seen")));
        await Backends.AssertStreamedAsync(gzip, release);
    }
}
