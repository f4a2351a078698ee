using System.Net;
using System.Text;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>A pool's memoryCache between a real Kestrel front and a real Kestrel backend that counts its requests.</summary>
public sealed class MemoryCacheTests
{
    /// <summary>Answers <c>{path} #{n}</c> (n counts its requests) with what the path asks for.</summary>
    private sealed class CountingBackend : IAsyncDisposable
    {
        private LoopbackServer _server = null!;
        private int _hits;

        public int Hits => Volatile.Read(ref _hits);
        public string Url => _server.Url;

        public static async Task<CountingBackend> StartAsync()
        {
            var backend = new CountingBackend();
            backend._server = await LoopbackServer.StartAsync(backend.AnswerAsync);
            return backend;
        }

        private async Task AnswerAsync(HttpContext http)
        {
            var n = Interlocked.Increment(ref _hits);
            var response = http.Response;
            response.Headers["X-Hit"] = n.ToString();
            switch (http.Request.Path.Value)
            {
                case "/status500": response.StatusCode = 500; break;
                case "/nostore": response.Headers.CacheControl = "no-store"; break;
                case "/cors": response.Headers.AccessControlAllowOrigin = "https://one.example"; break;
                case "/anyorigin": response.Headers.AccessControlAllowOrigin = "*"; break;
                case "/cookie": response.Headers.SetCookie = "session=1"; break;
                case "/events": response.ContentType = "text/event-stream"; break;
                case "/big":
                    // chunked, no Content-Length: the limit is only found out while the body streams
                    for (var i = 0; i < 10; i++)
                    {
                        await response.WriteAsync(new string((char)('a' + i), 500));
                        await response.Body.FlushAsync();
                    }
                    return;
            }
            await response.WriteAsync($"{http.Request.Path}{http.Request.QueryString} #{n}");
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }

    private static IFilter Proxy(string url, TimeProvider time, string cacheYaml = "{codes: [200], expiration: 10s, maxEntryBytes: 1000, methods: [GET, HEAD]}",
        string extra = "") => TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
            name: proxy
            kind: Proxy
            {extra}
            pools:
            - servers: [{"{"}url: "{url}"{"}"}]
              memoryCache: {cacheYaml}
            """), new FilterEnvironment { Forwarder = FilterEnvironment.Create().Forwarder, Time = time });

    private static async Task<(HttpStatusCode Status, string Body, string Hit)> GetAsync(FilterFront front, string path,
        HttpMethod? method = null, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await front.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), string.Join(",", response.Headers.GetValues("X-Hit")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cached_response_is_served_again_without_the_backend(bool streamed)
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = streamed ? await FilterFront.StartStreamingAsync(proxy) : await FilterFront.StartAsync(proxy);

        var first = await GetAsync(front, "/a");
        var again = await GetAsync(front, "/a");

        Assert.Equal((HttpStatusCode.OK, "/a #1", "1"), first);
        Assert.Equal(first, again);
        Assert.Equal(1, backend.Hits);
        Assert.Equal(["", ""], front.Results.Take(2));
    }

    [Fact]
    public async Task An_entry_expires_after_expiration()
    {
        await using var backend = await CountingBackend.StartAsync();
        var clock = new ManualClock();
        using var proxy = Proxy(backend.Url, clock);
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        await GetAsync(front, "/a");
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("/a #1", (await GetAsync(front, "/a")).Body);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("/a #2", (await GetAsync(front, "/a")).Body);
        Assert.Equal("/a #2", (await GetAsync(front, "/a")).Body);
    }

    [Fact]
    public async Task The_key_is_scheme_host_path_query_and_method()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        Assert.Equal("/a?x=1 #1", (await GetAsync(front, "/a?x=1")).Body);
        Assert.Equal("/a?x=2 #2", (await GetAsync(front, "/a?x=2")).Body);
        Assert.Equal("/b #3", (await GetAsync(front, "/b")).Body);
        await GetAsync(front, "/b", HttpMethod.Head);
        Assert.Equal(4, backend.Hits);   // HEAD is its own entry
        Assert.Equal("/a?x=1 #1", (await GetAsync(front, "/a?x=1")).Body);
        Assert.Equal("/b #5", (await GetAsync(front, "/b", headers: ("Host", "other.example"))).Body);   // another host
        Assert.Equal("/b #3", (await GetAsync(front, "/b")).Body);
    }

    [Fact]
    public async Task The_key_has_the_host_in_one_form_whatever_its_case_or_spelling()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        Assert.Equal("/h #1", (await GetAsync(front, "/h", headers: ("Host", "xn--bcher-kva.example"))).Body);
        Assert.Equal("/h #1", (await GetAsync(front, "/h", headers: ("Host", "XN--BCHER-KVA.Example"))).Body);
        Assert.Equal("/h #1", (await GetAsync(front, "/h", headers: ("Host", "xn--Bcher-kva.EXAMPLE"))).Body);
        Assert.Equal(1, backend.Hits);
    }

    [Fact]
    public async Task Only_the_listed_methods_and_codes_are_cached()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        await GetAsync(front, "/a", HttpMethod.Post);
        await GetAsync(front, "/a", HttpMethod.Post);
        Assert.Equal(2, backend.Hits);

        Assert.Equal(HttpStatusCode.InternalServerError, (await GetAsync(front, "/status500")).Status);
        await GetAsync(front, "/status500");
        Assert.Equal(4, backend.Hits);
    }

    [Theory]
    [InlineData("/nostore")]
    [InlineData("/cors")]
    [InlineData("/cookie")]
    [InlineData("/events")]
    public async Task Responses_that_must_not_be_shared_are_not_kept(string path)
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        await GetAsync(front, path);
        await GetAsync(front, path);

        Assert.Equal(2, backend.Hits);
    }

    [Fact]
    public async Task A_star_origin_is_kept_and_the_clients_no_cache_skips_the_cache()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        await GetAsync(front, "/anyorigin");
        Assert.Equal("/anyorigin #1", (await GetAsync(front, "/anyorigin")).Body);
        Assert.Equal("/anyorigin #2", (await GetAsync(front, "/anyorigin", headers: ("Cache-Control", "no-cache"))).Body);
        Assert.Equal("/anyorigin #1", (await GetAsync(front, "/anyorigin")).Body);   // no-cache neither read nor replaced it
        Assert.Equal("/x #3", (await GetAsync(front, "/x", headers: ("Cache-Control", "no-store"))).Body);
        Assert.Equal("/x #4", (await GetAsync(front, "/x")).Body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_longer_than_maxEntryBytes_streams_whole_and_is_not_kept(bool streamed)
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock());
        await using var front = streamed ? await FilterFront.StartStreamingAsync(proxy) : await FilterFront.StartAsync(proxy);

        var (status, body, _) = await GetAsync(front, "/big");
        await GetAsync(front, "/big");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(string.Concat(Enumerable.Range(0, 10).Select(i => new string((char)('a' + i), 500))), body);
        Assert.Equal(2, backend.Hits);
    }

    [Fact]
    public async Task With_serverMaxBodySize_minus_one_responses_are_streams_and_are_not_kept()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock(), extra: "serverMaxBodySize: -1");
        await using var front = await FilterFront.StartAsync(proxy);

        await GetAsync(front, "/a");
        Assert.Equal("/a #2", (await GetAsync(front, "/a")).Body);
    }

    [Fact]
    public async Task MaxCacheCount_makes_the_oldest_entry_give_way()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock(),
            "{codes: [200], expiration: 1m, maxEntryBytes: 1000, maxCacheCount: 2, methods: [GET]}");
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        await GetAsync(front, "/1");
        await GetAsync(front, "/2");
        await GetAsync(front, "/3");

        Assert.Equal("/3 #3", (await GetAsync(front, "/3")).Body);
        Assert.Equal("/2 #2", (await GetAsync(front, "/2")).Body);
        Assert.Equal("/1 #4", (await GetAsync(front, "/1")).Body);
    }

    [Fact]
    public async Task A_cached_response_is_gzipped_for_clients_that_accept_it_only()
    {
        await using var backend = await CountingBackend.StartAsync();
        using var proxy = Proxy(backend.Url, new ManualClock(), extra: "compression: {minLength: 1}");
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        await GetAsync(front, "/a", headers: ("Accept-Encoding", "gzip"));
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/a");
        plain.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
        using var plainResponse = await front.Client.SendAsync(plain);
        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/a");
        zipped.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var zippedResponse = await front.Client.SendAsync(zipped);

        Assert.Equal(1, backend.Hits);
        Assert.Empty(plainResponse.Content.Headers.ContentEncoding);
        Assert.Equal("/a #1", await plainResponse.Content.ReadAsStringAsync());
        Assert.Equal("gzip", Assert.Single(zippedResponse.Content.Headers.ContentEncoding));
        await using var gunzip = new System.IO.Compression.GZipStream(await zippedResponse.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal("/a #1", await new StreamReader(gunzip, Encoding.UTF8).ReadToEndAsync());
    }

    [Theory]
    [InlineData("{expiration: 1s, maxEntryBytes: 1, methods: [GET]}", "filters[0].pools[0].memoryCache.codes: is required")]
    [InlineData("{codes: [200], expiration: 0s, maxEntryBytes: 1, methods: [GET]}", "filters[0].pools[0].memoryCache.expiration: must be positive")]
    [InlineData("{codes: [200], expiration: 1s, maxEntryBytes: 0, methods: [GET]}", "filters[0].pools[0].memoryCache.maxEntryBytes: must be at least 1")]
    [InlineData("{codes: [200], expiration: 1s, maxEntryBytes: 1, methods: [FETCH]}", "filters[0].pools[0].memoryCache.methods[0]: \"FETCH\" is not an HTTP method")]
    [InlineData("{codes: [700], expiration: 1s, maxEntryBytes: 1, methods: [GET]}", "filters[0].pools[0].memoryCache.codes[0]: 700 is not an HTTP status code")]
    [InlineData("{codes: [200], expiration: 1s, maxEntryBytes: 1, methods: [GET], maxCacheCount: -1}", "filters[0].pools[0].memoryCache.maxCacheCount: must not be negative")]
    public void Bad_memory_caches_are_refused_naming_the_field(string cacheYaml, string message)
    {
        var error = TestSpecs.FilterError($"""
            name: proxy
            kind: Proxy
            pools:
            - servers: [{"{"}url: "http://127.0.0.1:1"{"}"}]
              memoryCache: {cacheYaml}
            """);

        Assert.StartsWith(message, error);
    }
}
