using System.Diagnostics;
using System.Net;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>The Proxy's <c>mirrorPool</c> and v1 <c>candidatePools</c>, with real backends on loopback.</summary>
public sealed class MirrorAndCandidatePoolTests
{
    private static IFilter Proxy(string yaml) => TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
        name: proxy
        kind: Proxy
        {yaml}
        """));

    private static async Task<ReceivedRequest> MirroredAsync(RecordingBackend mirror, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (mirror.Received.FirstOrDefault(r => r.Path == path) is { } received) return received;
            await Task.Delay(20);
        }
        throw new TimeoutException($"the mirror never received {path}");
    }

    [Fact]
    public async Task The_mirror_gets_a_copy_of_every_request_and_the_client_gets_the_main_answer()
    {
        await using var main = await RecordingBackend.StartAsync("main");
        await using var mirror = await RecordingBackend.StartAsync("mirror");
        using var proxy = Proxy($$"""
            pools: [{servers: [{url: "{{main.Url}}"}]}]
            mirrorPool: {servers: [{url: "{{mirror.Url}}"}]}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var response = await front.Client.SendAsync(Requests.Message("GET", "/copy?q=1", ("X-Trace", "t-1")));
        Assert.Equal("main: ", await response.Content.ReadAsStringAsync());
        var copy = await MirroredAsync(mirror, "/copy");
        Assert.Equal("GET", copy.Method);
        Assert.Equal("?q=1", copy.Query);
        Assert.Equal("t-1", copy.Headers["X-Trace"]);

        // a body streams to the main pool only; the mirror's copy carries a placeholder
        using var post = new HttpRequestMessage(HttpMethod.Post, "/with-body") { Content = new StringContent("the real body") };
        using var posted = await front.Client.SendAsync(post);
        Assert.Equal("main: the real body", await posted.Content.ReadAsStringAsync());
        Assert.Equal(RequestMirror.BodyPlaceholder, (await MirroredAsync(mirror, "/with-body")).Body);

        // the copy's Host is in the one form routing and the cache use: ASCII (punycode) and lowercase
        (await front.Client.SendAsync(Requests.Message("GET", "/idn", ("Host", "xn--bcher-kva.example")))).Dispose();
        Assert.Equal("xn--bcher-kva.example", (await MirroredAsync(mirror, "/idn")).Headers["Host"]);
        (await front.Client.SendAsync(Requests.Message("GET", "/idn-upper", ("Host", "XN--Bcher-KVA.example:8080")))).Dispose();
        Assert.Equal("xn--bcher-kva.example:8080", (await MirroredAsync(mirror, "/idn-upper")).Headers["Host"]);
    }

    [Fact]
    public async Task A_slow_or_failing_mirror_neither_delays_nor_fails_the_main_request()
    {
        await using var main = await RecordingBackend.StartAsync("main");
        var release = new TaskCompletionSource();
        await using var slow = await LoopbackServer.StartAsync(async http =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await http.Response.WriteAsync("late");
        });
        await using var closing = new ClosingBackend();
        foreach (var mirrorUrl in new[] { slow.Url, closing.Url })
        {
            using var proxy = Proxy($$"""
                pools: [{servers: [{url: "{{main.Url}}"}]}]
                mirrorPool: {servers: [{url: "{{mirrorUrl}}"}]}
                """);
            await using var front = await FilterFront.StartAsync(proxy);
            var watch = Stopwatch.StartNew();
            using var response = await front.Client.SendAsync(Requests.Message("GET", "/main"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("main: ", await response.Content.ReadAsStringAsync());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the main request took {watch.Elapsed}");
            Assert.Equal("", front.NextResult());
        }
        release.SetResult();
    }

    [Fact]
    public async Task A_mirror_filter_picks_the_requests_that_are_copied()
    {
        await using var main = await RecordingBackend.StartAsync("main");
        await using var mirror = await RecordingBackend.StartAsync("mirror");
        using var proxy = Proxy($$"""
            pools: [{servers: [{url: "{{main.Url}}"}]}]
            mirrorPool:
              servers: [{url: "{{mirror.Url}}"}]
              filter: { headers: { X-Mirror: { exact: "yes" } } }
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        (await front.Client.SendAsync(Requests.Message("GET", "/skipped"))).Dispose();
        (await front.Client.SendAsync(Requests.Message("GET", "/copied", ("X-Mirror", "yes")))).Dispose();
        await MirroredAsync(mirror, "/copied");
        Assert.DoesNotContain(mirror.Received, r => r.Path == "/skipped");
    }

    [Fact]
    public async Task V1_candidatePools_take_the_requests_their_filter_matches_before_mainPool()
    {
        await using var main = await RecordingBackend.StartAsync("main");
        await using var canary = await RecordingBackend.StartAsync("canary");
        using var proxy = Proxy($$"""
            mainPool:
              servers: [{url: "{{main.Url}}"}]
            candidatePools:
            - servers: [{url: "{{canary.Url}}"}]
              filter: { headers: { X-Canary: { exact: "on" } } }
            failureCodes: [503]
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var plain = await front.Client.SendAsync(Requests.Message("GET", "/"));
        Assert.Equal("main: ", await plain.Content.ReadAsStringAsync());
        using var flagged = await front.Client.SendAsync(Requests.Message("GET", "/", ("X-Canary", "on")));
        Assert.Equal("canary: ", await flagged.Content.ReadAsStringAsync());
        Assert.Equal("", front.NextResult());
        Assert.Equal("", front.NextResult());
        // the v1 proxy-level failureCodes apply to candidate pools too
        using var failing = await front.Client.SendAsync(Requests.Message("GET", "/", ("X-Canary", "on"), ("X-Reply-Status", "503")));
        Assert.Equal(ProxyKind.FailureCode, front.NextResult());
    }
}
