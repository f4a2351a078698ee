using System.Net;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>
/// The response model through real pipelines: a Proxy streams its backend's answer to the client when nothing after it
/// uses the response, and hands it over (read into memory up to serverMaxBodySize, or as a stream with -1) when
/// something may.
/// </summary>
public sealed class ResponseHandoverTests
{
    private static string Pipeline(string flow, string filters) => $"""
        name: handover
        kind: Pipeline
        flow:
        {flow}
        filters:
        {filters}
        """;

    private static string Proxy(string url, string extra = "") => $$"""
        - name: proxy
          kind: Proxy
          pools: [{servers: [{url: "{{url}}"}]}]
        {{extra}}
        """;

    /// <summary>A Proxy with <c>serverMaxBodySize: -1</c> followed by the filter named <c>adaptor</c>.</summary>
    private static string StreamHandover(string url, string adaptor) => Pipeline("- filter: proxy\n- filter: adaptor", $$"""
        - name: proxy
          kind: Proxy
          serverMaxBodySize: -1
          pools: [{servers: [{url: "{{url}}"}]}]
        {{adaptor}}
        """);

    [Fact]
    public async Task A_ResponseAdaptor_after_the_Proxy_changes_the_headers_and_body_of_the_backends_response()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", Proxy(backend.Url) + """
            - name: adaptor
              kind: ResponseAdaptor
              header:
                del: [X-Backend]
                set: {X-Adapted: "yes"}
                add: {X-Trace: adaptor}
              body: replaced by the gateway
            """));

        using var response = await front.Client.PostAsync("/orders", new StringContent("order 1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Backend"));
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Adapted")));
        Assert.Equal("adaptor", Assert.Single(response.Headers.GetValues("X-Trace")));
        Assert.Equal("replaced by the gateway", await response.Content.ReadAsStringAsync());
        Assert.Equal(23, response.Content.Headers.ContentLength);
        Assert.Equal("order 1", Assert.Single(backend.Received).Body);
        Assert.Equal("", front.NextResult());
    }

    [Fact]
    public async Task Headers_changed_after_the_Proxy_keep_the_backends_body_and_status()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", Proxy(backend.Url) + """
            - name: adaptor
              kind: ResponseAdaptor
              header: {set: {X-Adapted: "yes"}}
            """));

        using var request = new HttpRequestMessage(HttpMethod.Put, "/") { Content = new StringContent("hello") };
        request.Headers.Add("X-Reply-Status", "201");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("b1", Assert.Single(response.Headers.GetValues("X-Backend")));
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Adapted")));
        Assert.Equal("b1: hello", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_handed_over_answer_to_HEAD_keeps_its_Content_Length()
    {
        await using var backend = await Backends.SizedAsync(1234);
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", Proxy(backend.Url) + """
            - {name: adaptor, kind: ResponseAdaptor, header: {set: {X-A: "1"}}}
            """));

        using var response = await front.Client.SendAsync(Requests.Message("HEAD", "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1234, response.Content.Headers.ContentLength);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("X-A")));
    }

    [Fact]
    public async Task With_nothing_after_it_that_uses_the_response_the_Proxy_streams_it()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        // A RequestAdaptor after the Proxy works on the request only: the response still streams.
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", Proxy(backend.Url) + """
            - name: adaptor
              kind: RequestAdaptor
              header: {set: {X-After: "1"}}
            """));

        await AssertFirstPartArrivesBeforeTheBackendFinishes(front, release);
    }

    [Fact]
    public async Task A_large_body_streams_through_a_Proxy_whose_response_nothing_uses()
    {
        const int size = 24 * 1024 * 1024;   // far above the 4 MiB a handed-over body may have
        await using var backend = await Backends.SizedAsync(size, announceLength: false);
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy", Proxy(backend.Url)));

        using var response = await front.Client.GetAsync("/big", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var total = 0L;
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) total += read;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, total);
        Assert.Equal("", front.NextResult());
    }

    [Fact]
    public async Task A_handed_over_body_larger_than_serverMaxBodySize_fails_with_500_and_internalError()
    {
        await using var announced = await Backends.SizedAsync(5 * 1024 * 1024);
        await using var chunked = await Backends.SizedAsync(5 * 1024 * 1024, announceLength: false);
        foreach (var backend in new[] { announced, chunked })
        {
            await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", Proxy(backend.Url) + """
                - {name: adaptor, kind: ResponseAdaptor, header: {set: {X-A: "1"}}}
                """));

            using var response = await front.Client.GetAsync("/");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal(ProxyKind.InternalError, front.NextResult());
        }
    }

    [Fact]
    public async Task ServerMaxBodySize_raises_the_limit_and_a_pools_own_value_wins()
    {
        const int size = 5 * 1024 * 1024;
        await using var backend = await Backends.SizedAsync(size);
        const string adaptor = "- {name: adaptor, kind: ResponseAdaptor, header: {set: {X-A: \"1\"}}}";
        await using var proxyLevel = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", $$"""
            - name: proxy
              kind: Proxy
              serverMaxBodySize: 8388608
              pools: [{servers: [{url: "{{backend.Url}}"}]}]
            {{adaptor}}
            """));
        await using var poolLevel = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", $$"""
            - name: proxy
              kind: Proxy
              serverMaxBodySize: 8388608
              pools: [{serverMaxBodySize: 1024, servers: [{url: "{{backend.Url}}"}]}]
            {{adaptor}}
            """));

        using var raised = await proxyLevel.Client.GetAsync("/");
        using var lowered = await poolLevel.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        Assert.Equal(size, (await raised.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("1", Assert.Single(raised.Headers.GetValues("X-A")));
        Assert.Equal(HttpStatusCode.InternalServerError, lowered.StatusCode);
    }

    [Fact]
    public async Task With_serverMaxBodySize_minus_one_the_body_streams_and_later_filters_change_the_headers()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        await using var front = await PipelineFront.StartAsync(StreamHandover(backend.Url, """
            - name: adaptor
              kind: ResponseAdaptor
              header:
                set:
                  X-Adapted: "yes"
            """));

        var response = await AssertFirstPartArrivesBeforeTheBackendFinishes(front, release);

        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Adapted")));
        Assert.Equal("two-part", Assert.Single(response.Headers.GetValues("X-Backend")));
        response.Dispose();
    }

    [Fact]
    public async Task Server_sent_events_are_handed_over_as_a_stream_whatever_serverMaxBodySize_says()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task, "text/event-stream");
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: proxy\n- filter: adaptor", Proxy(backend.Url) + """
            - name: adaptor
              kind: ResponseAdaptor
              header:
                set:
                  X-Adapted: "yes"
            """));

        using var response = await AssertFirstPartArrivesBeforeTheBackendFinishes(front, release);

        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Adapted")));
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_streamed_body_can_be_replaced_by_a_later_filter()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        await using var front = await PipelineFront.StartAsync(StreamHandover(backend.Url, """
            - {name: adaptor, kind: ResponseAdaptor, body: short}
            """));

        using var response = await front.Client.GetAsync("/");

        Assert.Equal("short", await response.Content.ReadAsStringAsync());
        release.SetResult();
    }

    [Fact]
    public async Task A_second_Proxy_reached_on_failureCode_replaces_the_first_backends_answer()
    {
        await using var failing = await RecordingBackend.StartAsync("failing");
        await using var backup = await RecordingBackend.StartAsync("backup");
        await using var front = await PipelineFront.StartAsync(Pipeline("""
            - filter: proxy
              jumpIf: {failureCode: backup}
            - filter: END
            - filter: backup
            """, Proxy(failing.Url) + $$"""
            - name: backup
              kind: Proxy
              pools: [{servers: [{url: "{{backup.Url}}"}]}]
            """));

        // A GET: a request body streams to the first backend and is gone (Easegress, which buffers it, sends it twice).
        using var response = await front.Client.SendAsync(Requests.Message("GET", "/", ("X-Reply-Status", "502")));

        // The backup answers the request as the client sent it (its status header too); as in Easegress, the headers
        // of the answer it replaces are added after its own.
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(["backup", "failing"], response.Headers.GetValues("X-Backend"));
        Assert.Equal("backup: ", await response.Content.ReadAsStringAsync());
        Assert.Single(failing.Received);
        Assert.Single(backup.Received);
        Assert.Equal(ProxyKind.FailureCode, front.NextResult());
    }

    [Fact]
    public async Task A_failed_forward_keeps_the_headers_an_earlier_filter_put_on_the_response()
    {
        await using var backend = new ClosingBackend();
        await using var front = await PipelineFront.StartAsync(Pipeline("- filter: cors\n- filter: proxy", $$"""
            - {name: cors, kind: CORSAdaptor}
            - name: proxy
              kind: Proxy
              pools: [{servers: [{url: "{{backend.Url}}"}]}]
            """));

        using var response = await front.Client.SendAsync(Requests.Message("GET", "/", ("Origin", "https://app.example")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(ProxyKind.ServerError, front.NextResult());
    }

    private static async Task<HttpResponseMessage> AssertFirstPartArrivesBeforeTheBackendFinishes(PipelineFront front, TaskCompletionSource release)
    {
        var response = await front.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await Backends.AssertStreamedAsync(await response.Content.ReadAsStreamAsync(), release);
        return response;
    }
}
