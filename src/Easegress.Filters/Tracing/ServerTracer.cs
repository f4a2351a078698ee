using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Easegress.Tracing;

/// <summary>
/// The tracing of one HTTPServer version: an activity source of its own and the OpenTelemetry tracer provider that
/// samples its spans (by trace id, at <c>sampleRate</c>) and exports them (Zipkin, OTLP). Made when the version is
/// applied; disposing it flushes what is still queued and stops the exporters.
/// </summary>
public sealed class ServerTracer : IDisposable
{
    private static long _instances;

    private readonly ActivitySource _source;
    private readonly TracerProvider _provider;

    private ServerTracer(ActivitySource source, TracerProvider provider, bool b3)
    {
        _source = source;
        _provider = provider;
        UsesB3 = b3;
    }

    public bool UsesB3 { get; }

    public static ServerTracer Create(string serverName, TracingSpec spec)
    {
        // one source per version, so that each provider sees only its own server's spans
        var source = new ActivitySource($"Easegress.HTTPServer.{serverName}.{Interlocked.Increment(ref _instances)}");
        var resource = ResourceBuilder.CreateEmpty()
            .AddService(spec.ServiceName)
            .AddAttributes(spec.ResourceAttributes.Select(a => new KeyValuePair<string, object>(a.Key, a.Value)));
        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new TraceIdRatioBasedSampler(spec.EffectiveSampleRate))
            .SetResourceBuilder(resource);
        if (spec.ResourceAttributes.Any()) builder.AddProcessor(new AttributeTags(spec.ResourceAttributes.ToArray()));
        if (spec.SpanLimits is { } limits) builder.AddProcessor(new SpanLimiter(limits));
        var batch = spec.BatchLimits ?? new BatchLimitsSpec();
        if (spec.ZipkinEndpoint is { } zipkin)
        {
#pragma warning disable CS0618   // the Zipkin exporter is marked obsolete in favour of OTLP; Zipkin users still need it
            builder.AddZipkinExporter(o =>
            {
                o.Endpoint = new Uri(zipkin);
                o.ExportProcessorType = ExportProcessorType.Batch;
                o.BatchExportProcessorOptions = BatchOptions(batch);
            });
#pragma warning restore CS0618
        }
        if (spec.Exporter?.Otlp is { } otlp)
        {
            builder.AddOtlpExporter(o =>
            {
                o.Endpoint = TracingUrls.OtlpUri(otlp);
                o.Protocol = otlp.UsesHttp ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                o.TimeoutMilliseconds = batch.ExportTimeout;
                o.ExportProcessorType = ExportProcessorType.Batch;
                o.BatchExportProcessorOptions = BatchOptions(batch);
            });
        }
        return new ServerTracer(source, builder.Build()!, spec.UsesB3);
    }

    private static BatchExportProcessorOptions<Activity> BatchOptions(BatchLimitsSpec batch) => new()
    {
        MaxQueueSize = batch.MaxQueueSize,
        ScheduledDelayMilliseconds = batch.BatchTimeout,
        ExporterTimeoutMilliseconds = batch.ExportTimeout,
        MaxExportBatchSize = batch.MaxExportBatchSize,
    };

    /// <summary>Starts the server's span for <paramref name="http"/>, continuing the client's trace when its headers
    /// (in this server's format) carry one.</summary>
    public RequestTrace StartRequest(HttpContext http, string serverName)
    {
        var parent = TraceHeaders.Extract(http.Request.Headers, UsesB3);
        var span = RequestTrace.Start(_source, serverName, ActivityKind.Server, parent);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("http.request.method", http.Request.Method);
            span.SetTag("url.path", http.Request.Path.Value);
            span.SetTag("url.scheme", http.Request.Scheme);
            span.SetTag("server.address", http.Request.Host.Host);
            span.SetTag("network.peer.address", http.Connection.RemoteIpAddress?.ToString());
        }
        return new RequestTrace(_source, span, UsesB3);
    }

    /// <summary>Exports what is queued and stops the exporters.</summary>
    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }
}
