using System.Net;
using System.Text;
using Easegress.Filters.Fallback;
using Easegress.Filters.Mock;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>
/// The cookbook's pipeline orchestration: Validator → RequestAdaptor → Proxy, with <c>jumpIf</c> sending invalid
/// requests to a Mock and backend failures to a Fallback.
/// </summary>
public sealed class OrchestrationTests
{
    private static string Pipeline(string backendUrl) => $$"""
        name: pipeline-demo
        kind: Pipeline
        flow:
        - filter: validator
          jumpIf: {invalid: invalidRequest}
        - filter: requestAdaptor
        - filter: proxy
          jumpIf: {serverError: fallback, failureCode: fallback, timeout: fallback}
        - filter: END
        - filter: invalidRequest
        - filter: fallback
        filters:
        - name: validator
          kind: Validator
          headers:
            Content-Type:
              values: [application/json]
        - name: requestAdaptor
          kind: RequestAdaptor
          header:
            set:
              X-Adapt-Key: goodplan
        - name: proxy
          kind: Proxy
          pools:
          - servers:
            - url: {{backendUrl}}
            timeout: 5s
        - name: invalidRequest
          kind: Mock
          rules:
          - match: {}
            code: 400
            headers: {Content-Type: application/json}
            body: '{"error": "send JSON"}'
        - name: fallback
          kind: Fallback
          mockCode: 503
          mockHeaders: {Content-Type: application/json}
          mockBody: '{"error": "the service is resting"}'
        """;

    private static HttpRequestMessage Json(string body = "{\"message\": \"Hello, Easegress\"}", string? replyStatus = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/pipeline") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Content.Headers.ContentType!.CharSet = null;
        if (replyStatus is not null) request.Headers.Add("X-Reply-Status", replyStatus);
        return request;
    }

    [Fact]
    public async Task A_valid_request_is_adapted_and_proxied()
    {
        await using var backend = await RecordingBackend.StartAsync("mirror");
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var request = Json();
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mirror: {\"message\": \"Hello, Easegress\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("goodplan", Assert.Single(backend.Received).Headers["X-Adapt-Key"]);
        Assert.Equal("", front.NextResult());
    }

    [Fact]
    public async Task An_invalid_request_gets_the_mocks_answer_and_never_reaches_the_backend()
    {
        await using var backend = await RecordingBackend.StartAsync("mirror");
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var response = await front.Client.PostAsync("/pipeline", new StringContent("not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"error\": \"send JSON\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(backend.Received);
        Assert.Equal(MockKind.Mocked, front.NextResult());
    }

    [Fact]
    public async Task A_backend_failure_code_is_answered_by_the_fallback()
    {
        await using var backend = await RecordingBackend.StartAsync("mirror");
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var request = Json(replyStatus: "500");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"error\": \"the service is resting\"}", await response.Content.ReadAsStringAsync());
        Assert.Single(backend.Received);
        Assert.Equal(FallbackKind.Fallback, front.NextResult());
    }

    [Fact]
    public async Task A_backend_that_is_down_is_answered_by_the_fallback()
    {
        await using var backend = new ClosingBackend();
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var request = Json();
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"error\": \"the service is resting\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal(FallbackKind.Fallback, front.NextResult());
    }

    [Fact]
    public async Task A_successful_answer_still_streams_since_only_failures_lead_to_the_fallback()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url));

        using var request = Json();
        using var response = await front.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        await Backends.AssertStreamedAsync(await response.Content.ReadAsStreamAsync(), release);
        Assert.Equal("", front.NextResult());
    }
}
