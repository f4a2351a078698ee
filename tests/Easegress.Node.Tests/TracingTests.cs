using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>
/// HTTPServers with <c>tracing</c>, exporting to a collector that runs in the test on a real socket: the Zipkin v2 JSON
/// spans it receives, and the trace headers the backend receives.
/// </summary>
public sealed class TracingTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>, IAsyncLifetime
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private Collector _collector = null!;

    public async Task InitializeAsync() => _collector = await Collector.StartAsync();
    public async Task DisposeAsync() => await _collector.DisposeAsync();

    /// <summary>A server of its own with <paramref name="tracing"/>, routing <paramref name="prefix"/> to a pipeline of its
    /// own that proxies to the backend. Returns the server's name and port and the pipeline's name.</summary>
    private async Task<(string Server, int Port, string Pipeline)> TracedServerAsync(string prefix, string tracing)
    {
        var pipeline = traffic.NewName("trace-pipeline");
        await traffic.CreateAsync(TrafficNode.ProxyPipeline(pipeline, traffic.Backend.Url));
        var server = traffic.NewName("trace-server");
        var port = await traffic.StartServerAsync(server, ServerBody(prefix, pipeline, tracing));
        return (server, port, pipeline);
    }

    /// <summary>What follows a traced server's name, kind and port.</summary>
    private static string ServerBody(string prefix, string pipeline, string tracing) => $"""
        rules:
        - paths:
          - pathPrefix: {prefix}
            backend: {pipeline}
        tracing:
        {Indent(tracing)}
        """;

    /// <summary>A tracing spec exporting to the collector's Zipkin endpoint every 100 ms, with <paramref name="more"/> fields.</summary>
    private string ZipkinTracing(string serviceName, string more = "") =>
        $"serviceName: {serviceName}\n{more}batchLimits:\n  batchTimeout: 100\nexporter:\n  zipkin:\n    endpoint: {_collector.Url}/api/v2/spans";

    /// <summary>GETs <paramref name="path"/> from the server with the given headers; the backend answers 200.</summary>
    private static async Task GetOkAsync(int port, string path, params (string Name, string Value)[] headers)
    {
        using var client = TrafficNode.PlainClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    private static string Indent(string yaml) => string.Join("\n", yaml.Split('\n').Select(l => "  " + l));

    private ReceivedRequest ReceivedByBackend(string path) =>
        traffic.Backend.Received.Last(r => r.Path == path);

    [Fact]
    public async Task Zipkin_spans_link_server_pipeline_filter_and_backend_and_continue_the_clients_trace()
    {
        var (server, port, pipeline) = await TracedServerAsync("/tz", ZipkinTracing("gateway-tz", "sampleRate: 1\nattributes:\n  env: test\n"));
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const string clientSpan = "00f067aa0ba902b7";
        await GetOkAsync(port, "/tz/one", ("traceparent", $"00-{traceId}-{clientSpan}-01"));

        var spans = await _collector.SpansOfAsync(traceId, 4);
        var serverSpan = spans.Single(s => s["kind"]?.GetValue<string>() == "SERVER");
        var pipelineSpan = spans.Single(s => s["name"]!.GetValue<string>() == pipeline);
        var filterSpan = spans.Single(s => s["name"]!.GetValue<string>() == "proxy");
        var backendSpan = spans.Single(s => s["kind"]?.GetValue<string>() == "CLIENT");

        Assert.Equal(server, serverSpan["name"]!.GetValue<string>());
        Assert.Equal(clientSpan, serverSpan["parentId"]!.GetValue<string>());
        Assert.Equal(Id(serverSpan), pipelineSpan["parentId"]!.GetValue<string>());
        Assert.Equal(Id(pipelineSpan), filterSpan["parentId"]!.GetValue<string>());
        Assert.Equal(Id(filterSpan), backendSpan["parentId"]!.GetValue<string>());
        foreach (var span in spans)
            Assert.Equal("gateway-tz", span["localEndpoint"]!["serviceName"]!.GetValue<string>());
        Assert.Equal("test", serverSpan["tags"]!["env"]!.GetValue<string>());
        Assert.Equal("200", serverSpan["tags"]!["http.response.status_code"]!.GetValue<string>());

        // the backend continues the trace from the backend span, in W3C format
        var received = ReceivedByBackend("/tz/one");
        Assert.Equal($"00-{traceId}-{Id(backendSpan)}-01", received.Headers["traceparent"]);
        Assert.False(received.Headers.ContainsKey("X-B3-TraceId"));
    }

    [Fact]
    public async Task The_filters_a_wrapping_filter_runs_are_children_of_its_span()
    {
        var pipeline = traffic.NewName("trace-wrapped");
        await traffic.CreateAsync($$"""
            name: {{pipeline}}
            kind: Pipeline
            flow: [{filter: retryer}, {filter: proxy}]
            filters:
            - name: retryer
              kind: Retryer
              policies: [{name: p, maxAttempts: 2, waitDuration: 0s, failureStatusCodes: [503]}]
              defaultPolicyRef: p
              urls:
              - url: {prefix: /}
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {{traffic.Backend.Url}}
            """);
        var server = traffic.NewName("trace-server");
        var port = await traffic.StartServerAsync(server, ServerBody("/tw", pipeline, ZipkinTracing("gateway-tw")));
        await GetOkAsync(port, "/tw/one");

        var spans = await _collector.SpansOfAsync(TraceIdAt("/tw/one"), 5);
        var pipelineSpan = spans.Single(s => s["name"]!.GetValue<string>() == pipeline);
        var retryerSpan = spans.Single(s => s["name"]!.GetValue<string>() == "retryer");
        var proxySpan = spans.Single(s => s["name"]!.GetValue<string>() == "proxy");
        var backendSpan = spans.Single(s => s["kind"]?.GetValue<string>() == "CLIENT");
        Assert.Equal(Id(pipelineSpan), retryerSpan["parentId"]!.GetValue<string>());
        Assert.Equal("Retryer", retryerSpan["tags"]!["easegress.kind"]!.GetValue<string>());
        Assert.Equal(Id(retryerSpan), proxySpan["parentId"]!.GetValue<string>());
        Assert.Equal(Id(proxySpan), backendSpan["parentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_update_brings_a_tracer_of_its_own_and_removing_tracing_stops_the_spans()
    {
        var (server, port, pipeline) = await TracedServerAsync("/tu", ZipkinTracing("gateway-before"));
        await GetOkAsync(port, "/tu/one");
        await _collector.SpansOfAsync(TraceIdAt("/tu/one"), 4);

        await traffic.UpdateAsync(server, $"name: {server}\nkind: HTTPServer\nport: {port}\n" + ServerBody("/tu", pipeline, ZipkinTracing("gateway-after")));
        await Eventually.TrueAsync(async () =>
        {
            await GetOkAsync(port, "/tu/two");
            return (await _collector.SpansOfAsync(TraceIdAt("/tu/two"), 4))[0]["localEndpoint"]!["serviceName"]!.GetValue<string>() == "gateway-after";
        }, "requests after the update are traced as gateway-after");

        // without tracing, the gateway writes no trace headers of its own
        await traffic.UpdateAsync(server, $"""
            name: {server}
            kind: HTTPServer
            port: {port}
            rules:
            - paths:
              - pathPrefix: /tu
                backend: {pipeline}
            """);
        await Eventually.TrueAsync(async () =>
        {
            await GetOkAsync(port, "/tu/three");
            return !ReceivedByBackend("/tu/three").Headers.ContainsKey("traceparent");
        }, "requests after tracing was removed carry no traceparent");
    }

    private string TraceIdAt(string path) => ReceivedByBackend(path).Headers["traceparent"].Split('-')[1];

    [Fact]
    public async Task B3_headers_are_read_from_the_client_and_written_to_the_backend()
    {
        var (_, port, _) = await TracedServerAsync("/tb", ZipkinTracing("gateway-tb", "headerFormat: b3\n"));
        const string traceId = "5af7183fb1d4cf5f3ed24a8c3c2b44e1";
        const string clientSpan = "1f2e3d4c5b6a7980";
        await GetOkAsync(port, "/tb/one", ("X-B3-TraceId", traceId), ("X-B3-SpanId", clientSpan), ("X-B3-Sampled", "1"));

        var spans = await _collector.SpansOfAsync(traceId, 4);
        var serverSpan = spans.Single(s => s["kind"]?.GetValue<string>() == "SERVER");
        var backendSpan = spans.Single(s => s["kind"]?.GetValue<string>() == "CLIENT");
        Assert.Equal(clientSpan, serverSpan["parentId"]!.GetValue<string>());

        var received = ReceivedByBackend("/tb/one");
        Assert.Equal(traceId, received.Headers["X-B3-TraceId"]);
        Assert.Equal(Id(backendSpan), received.Headers["X-B3-SpanId"]);
        Assert.Equal("1", received.Headers["X-B3-Sampled"]);
        Assert.Equal($"{traceId}-{Id(backendSpan)}-1", received.Headers["b3"]);
        Assert.False(received.Headers.ContainsKey("traceparent"));
    }

    [Fact]
    public async Task The_v1_form_exports_to_its_zipkin_serverURL()
    {
        var (server, port, _) = await TracedServerAsync("/tv1", $"""
            serviceName: gateway-v1
            tags:
              team: edge
            zipkin:
              serverURL: {_collector.Url}/api/v2/spans
              sampleRate: 1
            """);
        await GetOkAsync(port, "/tv1/one");
        var traceparent = ReceivedByBackend("/tv1/one").Headers["traceparent"];
        var traceId = traceparent.Split('-')[1];

        // the default batch timeout is 5 s; deleting the server flushes its spans at once
        Assert.Equal(HttpStatusCode.OK, (await traffic.Node.Api.DeleteAsync($"objects/{server}")).StatusCode);
        var spans = await _collector.SpansOfAsync(traceId, 4);
        Assert.All(spans, s => Assert.Equal("gateway-v1", s["localEndpoint"]!["serviceName"]!.GetValue<string>()));
        Assert.Equal("edge", spans.Single(s => s["kind"]?.GetValue<string>() == "SERVER")["tags"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sample_rate_0_exports_nothing_and_passes_the_clients_trace_on_unsampled()
    {
        var (server, port, _) = await TracedServerAsync("/t0", ZipkinTracing("gateway-t0", "sampleRate: 0\n"));
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        for (var i = 0; i < 5; i++) await GetOkAsync(port, "/t0/one", ("traceparent", $"00-{traceId}-b7ad6b7169203331-01"));
        // the trace goes on to the backend, from a span of ours that is not recorded
        var traceparent = ReceivedByBackend("/t0/one").Headers["traceparent"];
        Assert.StartsWith($"00-{traceId}-", traceparent);
        Assert.DoesNotContain("b7ad6b7169203331", traceparent);
        Assert.EndsWith("-00", traceparent);

        // deleting the server flushes whatever it had queued: nothing
        Assert.Equal(HttpStatusCode.OK, (await traffic.Node.Api.DeleteAsync($"objects/{server}")).StatusCode);
        await Eventually.TrueAsync(async () =>
        {
            using var probe = new TcpProbe();
            return !await probe.ConnectsAsync(port);
        }, "the deleted server stopped listening");
        await Task.Delay(TimeSpan.FromMilliseconds(500));   // five batch periods, had anything been queued
        Assert.DoesNotContain(_collector.Spans, s => s["traceId"]!.GetValue<string>() == traceId);
    }

    [Fact]
    public async Task Otlp_over_http_posts_protobuf_to_v1_traces()
    {
        var (_, port, _) = await TracedServerAsync("/totlp", $"""
            serviceName: gateway-otlp
            batchLimits:
              batchTimeout: 100
            exporter:
              otlp:
                protocol: http
                endpoint: {_collector.Url.Replace("http://", "")}
                insecure: true
            """);
        await GetOkAsync(port, "/totlp/one");
        var traceId = ReceivedByBackend("/totlp/one").Headers["traceparent"].Split('-')[1];

        await Eventually.TrueAsync(() => Task.FromResult(_collector.Otlp.Any(b => Contains(b, Convert.FromHexString(traceId)))),
            "an OTLP export carrying the trace id reached /v1/traces");
        Assert.Contains(_collector.Otlp, b => Contains(b, Encoding.UTF8.GetBytes("gateway-otlp")));
    }

    [Fact]
    public async Task Otlp_over_grpc_calls_the_trace_service_export_over_h2c()
    {
        var exports = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        await using var grpc = builder.Build();
        grpc.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            if (http.Request.Path == "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
                && http.Request.ContentType == "application/grpc") exports.Enqueue(body.ToArray());
            http.Response.ContentType = "application/grpc";
            await http.Response.Body.WriteAsync(new byte[5]);   // an empty ExportTraceServiceResponse, uncompressed
            http.Response.AppendTrailer("grpc-status", "0");
        });
        await grpc.StartAsync();
        var address = new Uri(grpc.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        var (_, port, _) = await TracedServerAsync("/tgrpc", $"""
            serviceName: gateway-grpc
            batchLimits:
              batchTimeout: 100
            exporter:
              otlp:
                endpoint: 127.0.0.1:{address.Port}
                insecure: true
            """);
        await GetOkAsync(port, "/tgrpc/one");
        var traceId = Convert.FromHexString(ReceivedByBackend("/tgrpc/one").Headers["traceparent"].Split('-')[1]);

        await Eventually.TrueAsync(() => Task.FromResult(exports.Any(b => Contains(b, traceId))),
            "a gRPC export carrying the trace id reached the collector");
        await grpc.StopAsync();
    }

    [Fact]
    public async Task A_bad_tracing_spec_is_refused_naming_the_field()
    {
        var name = traffic.NewName("trace-bad");
        foreach (var (tracing, error) in new[]
                 {
                     ("serviceName: x\nheaderFormat: jaeger", "tracing.headerFormat: unknown header format"),
                     ("serviceName: x\nsampleRate: 2", "tracing.sampleRate: must be between 0 and 1"),
                     ("serviceName: x\nexporter:\n  zipkin:\n    endpoint: not-a-url", "tracing.exporter.zipkin.endpoint:"),
                     ("serviceName: x\nexporter:\n  jaeger:\n    endpoint: localhost:6831", "tracing.exporter.jaeger: the Jaeger exporter is not supported"),
                     ("sampleRate: 1", "tracing.serviceName: is required"),
                 })
        {
            var response = await traffic.Node.Api.PostAsync("objects", new StringContent($"""
                name: {name}
                kind: HTTPServer
                port: {FreePorts.Next()}
                tracing:
                {Indent(tracing)}
                """, Encoding.UTF8, "application/yaml"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            Assert.Contains(error, body);
        }
    }

    private static string Id(JsonNode span) => span["id"]!.GetValue<string>();

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private sealed class TcpProbe : IDisposable
    {
        private readonly System.Net.Sockets.TcpClient _client = new();

        public async Task<bool> ConnectsAsync(int port)
        {
            try { await _client.ConnectAsync(IPAddress.Loopback, port); return true; }
            catch (System.Net.Sockets.SocketException) { return false; }
        }

        public void Dispose() => _client.Dispose();
    }

    /// <summary>A Zipkin v2 (<c>POST /api/v2/spans</c>, JSON) and OTLP/HTTP (<c>POST /v1/traces</c>) collector.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly LoopbackServer _server;

        private Collector(LoopbackServer server) => _server = server;

        public string Url => _server.Url;
        public ConcurrentQueue<JsonObject> Spans { get; } = new();
        public ConcurrentQueue<byte[]> Otlp { get; } = new();

        public static async Task<Collector> StartAsync()
        {
            Collector? collector = null;
            var server = await LoopbackServer.StartAsync(async http =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                if (http.Request.Path == "/api/v2/spans" && http.Request.ContentType?.StartsWith("application/json") == true)
                {
                    foreach (var span in JsonNode.Parse(body.ToArray())!.AsArray()) collector!.Spans.Enqueue(span!.AsObject());
                    http.Response.StatusCode = StatusCodes.Status202Accepted;
                }
                else if (http.Request.Path == "/v1/traces" && http.Request.ContentType == "application/x-protobuf")
                {
                    collector!.Otlp.Enqueue(body.ToArray());
                    http.Response.ContentType = "application/x-protobuf";
                }
                else http.Response.StatusCode = StatusCodes.Status404NotFound;
            });
            collector = new Collector(server);
            return collector;
        }

        /// <summary>Waits for <paramref name="count"/> spans of the trace.</summary>
        public async Task<List<JsonObject>> SpansOfAsync(string traceId, int count)
        {
            List<JsonObject> spans = [];
            await Eventually.TrueAsync(() =>
            {
                spans = Spans.Where(s => s["traceId"]!.GetValue<string>() == traceId).ToList();
                return Task.FromResult(spans.Count >= count);
            }, $"{count} spans of trace {traceId} reached the collector");
            Assert.Equal(count, spans.Count);
            return spans;
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
