using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Easegress.Filters.Proxy;
using Easegress.Protocols.Http;
using Easegress.Filters.RequestAdaptor;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>The Proxy filter between a real Kestrel front and real Kestrel backends, all on loopback.</summary>
public sealed class ProxyForwardingTests
{
    private static IFilter Proxy(string poolsYaml) => TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
        name: proxy
        kind: Proxy
        {poolsYaml}
        """));

    private static string Servers(params string[] urls) =>
        string.Join("\n", urls.Select(u => $"    - url: {u}"));

    [Fact]
    public async Task Request_method_path_query_headers_and_body_reach_the_backend_and_the_response_comes_back()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/items%20x?a=1&b=two")
        {
            Content = new StringContent("hello body", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("X-Custom", "custom-value");
        request.Headers.Add("X-Reply-Status", "201");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("b1", Assert.Single(response.Headers.GetValues("X-Backend")));
        Assert.Equal("b1: hello body", await response.Content.ReadAsStringAsync());
        Assert.Equal("", front.NextResult());

        var received = Assert.Single(backend.Received);
        Assert.Equal("PUT", received.Method);
        Assert.Equal("/api/v1/items x", received.Path);
        Assert.Equal("?a=1&b=two", received.Query);
        Assert.Equal("custom-value", received.Headers["X-Custom"]);
        Assert.Equal("text/plain; charset=utf-8", received.Headers["Content-Type"]);
        Assert.Equal("hello body", received.Body);
    }

    [Fact]
    public async Task A_request_adapted_by_RequestAdaptor_reaches_the_backend_as_adapted()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var adaptor = TestSpecs.Create(TestSpecs.Filter<RequestAdaptorSpec>("""
            name: ra
            kind: RequestAdaptor
            method: POST
            path: {trimPrefix: /api, addPrefix: /v2}
            header: {set: {X-Adapted: "yes"}, del: [X-Drop]}
            body: new body
            host: people.internal
            """));
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(adaptor, proxy);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users?id=7");
        request.Headers.Add("X-Drop", "x");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal("b1: new body", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(backend.Received);
        Assert.Equal("POST", received.Method);
        Assert.Equal("/v2/users", received.Path);
        Assert.Equal("?id=7", received.Query);
        Assert.Equal("people.internal", received.Host);
        Assert.Equal("8", received.Headers["Content-Length"]);
        Assert.Equal("yes", received.Headers["X-Adapted"]);
        Assert.False(received.Headers.ContainsKey("X-Drop"));
    }

    [Fact]
    public async Task Hop_by_hop_headers_are_not_forwarded()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Proxy-Authorization", "secret");
        request.Headers.Add("Keep-Alive", "timeout=5");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Received);
        Assert.False(received.Headers.ContainsKey("Proxy-Authorization"));
        Assert.False(received.Headers.ContainsKey("Keep-Alive"));
    }

    [Fact]
    public async Task Round_robin_takes_three_backends_in_turn()
    {
        await using var b1 = await RecordingBackend.StartAsync("b1");
        await using var b2 = await RecordingBackend.StartAsync("b2");
        await using var b3 = await RecordingBackend.StartAsync("b3");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(b1.Url, b2.Url, b3.Url)}
              loadBalance:
                policy: roundRobin
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        var order = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            using var response = await front.Client.GetAsync("/rr");
            order.Add(Assert.Single(response.Headers.GetValues("X-Backend")));
        }

        Assert.Equal(["b1", "b2", "b3", "b1", "b2", "b3", "b1", "b2", "b3"], order);
        Assert.Equal(3, b1.Received.Count);
        Assert.Equal(3, b2.Received.Count);
        Assert.Equal(3, b3.Received.Count);
    }

    [Fact]
    public async Task An_IP_server_gets_the_clients_Host()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "shop.example.com";
        (await front.Client.SendAsync(request)).Dispose();

        Assert.Equal("shop.example.com", Assert.Single(backend.Received).Host);
    }

    [Fact]
    public async Task A_hostname_server_gets_its_own_host_unless_keepHost()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        var byName = $"http://localhost:{backend.Port}";
        using var upstream = Proxy($"""
            pools:
            - servers:
              - url: {byName}
            """);
        using var keep = Proxy($"""
            pools:
            - servers:
              - url: {byName}
                keepHost: true
            """);
        await using var upstreamFront = await FilterFront.StartAsync(upstream);
        await using var keepFront = await FilterFront.StartAsync(keep);

        foreach (var front in new[] { upstreamFront, keepFront })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Host = "shop.example.com";
            (await front.Client.SendAsync(request)).Dispose();
        }

        var hosts = backend.Received.Select(r => r.Host).ToArray();
        Assert.Equal([$"localhost:{backend.Port}", "shop.example.com"], hosts);
    }

    [Fact]
    public async Task SetUpstreamHost_sends_the_servers_address_even_for_an_IP()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - setUpstreamHost: true
              servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "shop.example.com";
        (await front.Client.SendAsync(request)).Dispose();

        Assert.Equal($"127.0.0.1:{backend.Port}", Assert.Single(backend.Received).Host);
    }

    [Fact]
    public async Task No_backend_listening_answers_503_with_serverError()
    {
        using var proxy = Proxy($"""
            pools:
            - servers:
              - url: http://127.0.0.1:{FreePorts.Next()}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var response = await front.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ProxyKind.ServerError, front.NextResult());
    }

    [Fact]
    public async Task A_second_Proxy_after_a_failed_one_still_forwards()
    {
        await using var backend = await RecordingBackend.StartAsync("backup");
        using var dead = Proxy($"""
            pools:
            - servers:
              - url: http://127.0.0.1:{FreePorts.Next()}
            """);
        using var backup = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartRunningAllAsync(dead, backup);

        using var response = await front.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("backup: ", await response.Content.ReadAsStringAsync());
        Assert.Equal("", front.NextResult());
    }

    [Fact]
    public async Task A_Proxy_after_a_streamed_response_does_not_forward_again()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var first = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        using var second = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartStreamingAsync(first, second);

        using var response = await front.Client.GetAsync("/");

        Assert.Equal("b1: ", await response.Content.ReadAsStringAsync());
        Assert.Equal(ProxyKind.InternalError, front.NextResult());
        Assert.Single(backend.Received);
    }

    [Fact]
    public async Task A_5xx_answer_is_passed_on_with_result_failureCode()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/fail") { Content = new StringContent("x") };
        request.Headers.Add("X-Reply-Status", "500");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("b1: x", await response.Content.ReadAsStringAsync());
        Assert.Equal(ProxyKind.FailureCode, front.NextResult());
    }

    [Fact]
    public async Task Listed_failureCodes_replace_the_5xx_default()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - failureCodes: [404]
              servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        foreach (var status in new[] { "404", "500" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("X-Reply-Status", status);
            (await front.Client.SendAsync(request)).Dispose();
        }

        Assert.Equal(ProxyKind.FailureCode, front.NextResult());
        Assert.Equal("", front.NextResult());
    }

    [Fact]
    public async Task The_v1_mainPool_form_forwards_and_uses_proxy_level_failureCodes()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            mainPool:
              servers:
              - url: {backend.Url}
            failureCodes: [503]
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1");
        request.Headers.Add("X-Reply-Status", "503");
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("b1: ", await response.Content.ReadAsStringAsync());
        Assert.Equal(ProxyKind.FailureCode, front.NextResult());
    }

    [Fact]
    public async Task A_candidate_pool_takes_the_requests_its_filter_matches()
    {
        await using var stable = await RecordingBackend.StartAsync("stable");
        await using var canary = await RecordingBackend.StartAsync("canary");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(canary.Url)}
              filter:
                headers:
                  X-Canary:
                    exact: "yes"
            - servers:
            {Servers(stable.Url)}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var toCanary = new HttpRequestMessage(HttpMethod.Get, "/");
        toCanary.Headers.Add("X-Canary", "yes");
        using var canaryResponse = await front.Client.SendAsync(toCanary);
        using var stableResponse = await front.Client.GetAsync("/");

        Assert.Equal("canary", Assert.Single(canaryResponse.Headers.GetValues("X-Backend")));
        Assert.Equal("stable", Assert.Single(stableResponse.Headers.GetValues("X-Backend")));
    }

    [Fact]
    public async Task The_response_streams_to_the_client_before_the_backend_finishes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backends.TwoPartAsync(release.Task);
        using var proxy = Proxy($"""
            pools:
            - servers:
              - url: {backend.Url}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var response = await front.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);

        await Backends.AssertStreamedAsync(await response.Content.ReadAsStreamAsync(), release);
    }

    [Fact]
    public async Task A_large_request_body_arrives_unchanged()
    {
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            await http.Response.WriteAsync($"{buffer.Length}:{Convert.ToHexString(SHA256.HashData(buffer.ToArray()))}");
        });
        using var proxy = Proxy($"""
            pools:
            - servers:
              - url: {backend.Url}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        var payload = new byte[8 * 1024 * 1024];
        Random.Shared.NextBytes(payload);
        using var response = await front.Client.PostAsync("/upload", new ByteArrayContent(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{payload.Length}:{Convert.ToHexString(SHA256.HashData(payload))}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_request_body_streams_to_the_backend_before_the_client_finishes_it()
    {
        // The first part is larger than the connection buffers, so it must reach the backend while the client still
        // holds back the second; a proxy that buffered whole bodies would time out here.
        const int firstPart = 256 * 1024;
        var firstPartArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            var buffer = new byte[16 * 1024];
            long total = 0;
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
                if (total >= firstPart) firstPartArrived.TrySetResult();
            }
            await http.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture));
        });
        using var proxy = Proxy($"""
            pools:
            - servers:
              - url: {backend.Url}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var response = await front.Client.PostAsync("/upload", new GatedContent(firstPart, firstPartArrived.Task));

        Assert.Equal((firstPart + 6).ToString(CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A chunked body that sends its last bytes only once the backend has seen the first part.</summary>
    private sealed class GatedContent(int firstPart, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(new byte[firstPart]);
            await stream.FlushAsync();
            await gate.WaitAsync(TimeSpan.FromSeconds(10));
            await stream.WriteAsync("second"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_client_that_goes_away_gives_clientError()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await LoopbackServer.StartAsync(async http =>
        {
            received.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(20), http.RequestAborted).ContinueWith(_ => { });
        });
        using var proxy = Proxy($"""
            pools:
            - servers:
              - url: {backend.Url}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var cancel = new CancellationTokenSource();
        var call = front.Client.GetAsync("/slow", cancel.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(ProxyKind.ClientError, front.NextResult());
    }

    [Fact]
    public async Task A_pool_timeout_answers_408_with_result_timeout()
    {
        await using var backend = await LoopbackServer.StartAsync(async http =>
            await Task.Delay(TimeSpan.FromSeconds(20), http.RequestAborted).ContinueWith(_ => { }));
        using var proxy = Proxy($"""
            pools:
            - timeout: 200ms
              servers:
              - url: {backend.Url}
            """);
        await using var front = await FilterFront.StartAsync(proxy);

        using var response = await front.Client.GetAsync("/slow");

        Assert.Equal(HttpStatusCode.RequestTimeout, response.StatusCode);
        Assert.Equal(ProxyKind.Timeout, front.NextResult());
    }

    [Fact]
    public async Task Headers_drafted_by_an_earlier_filter_are_merged_into_the_backends_response()
    {
        await using var backend = await RecordingBackend.StartAsync("b1");
        using var proxy = Proxy($"""
            pools:
            - servers:
            {Servers(backend.Url)}
            """);
        await using var front = await FilterFront.StartAsync(new DraftingFilter(), proxy);

        using var response = await front.Client.GetAsync("/");

        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("b1", Assert.Single(response.Headers.GetValues("X-Backend")));
    }

    private sealed class DraftingFilter : ISyncFilter<RequestContext>
    {
        public string Handle(Easegress.Protocols.Http.RequestContext context)
        {
            context.Respond(StatusCodes.Status200OK).Headers["Access-Control-Allow-Origin"] = "*";
            return "";
        }

        public void Dispose() { }
    }
}
