using Easegress.Specs;

namespace Easegress.Tracing;

/// <summary>
/// An HTTPServer's <c>tracing</c>: Easegress's v2 form (<c>serviceName</c>, <c>sampleRate</c>, <c>attributes</c>,
/// <c>headerFormat</c>, <c>spanLimits</c>, <c>batchLimits</c>, <c>exporter</c>) and its deprecated v1 form
/// (<c>tags</c>, <c>zipkin.serverURL</c>/<c>sampleRate</c>).
/// </summary>
public sealed class TracingSpec : IValidatedSpec
{
    public const string TraceContext = "trace-context";
    public const string B3 = "b3";

    [RequiredField] public string ServiceName { get; set; } = "";
    /// <summary>Resource attributes of every span.</summary>
    public Dictionary<string, string>? Attributes { get; set; }
    /// <summary>Deprecated name of <see cref="Attributes"/>.</summary>
    public Dictionary<string, string>? Tags { get; set; }
    /// <summary>The share of traces recorded, 0..1; 1 when not given (or the v1 <c>zipkin.sampleRate</c>).</summary>
    public double? SampleRate { get; set; }
    /// <summary><c>trace-context</c> (W3C, the default) or <c>b3</c>: the headers read from clients and sent to backends.</summary>
    public string? HeaderFormat { get; set; }
    public SpanLimitsSpec? SpanLimits { get; set; }
    public BatchLimitsSpec? BatchLimits { get; set; }
    public ExporterSpec? Exporter { get; set; }
    /// <summary>The v1 form.</summary>
    public ZipkinV1Spec? Zipkin { get; set; }

    public double EffectiveSampleRate => SampleRate ?? Zipkin?.SampleRate ?? 1;

    public bool UsesB3 => HeaderFormat == B3;

    /// <summary>The Zipkin endpoint spans go to: <c>exporter.zipkin.endpoint</c>, else the v1 <c>zipkin.serverURL</c>
    /// (unless <c>disableReport</c>); null when neither.</summary>
    public string? ZipkinEndpoint =>
        Exporter?.Zipkin?.Endpoint is { Length: > 0 } endpoint ? endpoint
        : Zipkin is { DisableReport: false, ServerURL: { Length: > 0 } url } ? url
        : null;

    public IEnumerable<KeyValuePair<string, string>> ResourceAttributes => (Tags ?? []).Concat(Attributes ?? []);

    public void Validate(string path)
    {
        if (ServiceName.Length == 0) throw new SpecException(SpecException.Join(path, "serviceName"), "is required");
        if (SampleRate is < 0 or > 1 || double.IsNaN(SampleRate ?? 0))
            throw new SpecException(SpecException.Join(path, "sampleRate"), $"must be between 0 and 1, not {SampleRate}");
        if (HeaderFormat is { Length: > 0 } and not TraceContext and not B3)
            throw new SpecException(SpecException.Join(path, "headerFormat"), $"unknown header format \"{HeaderFormat}\" (trace-context or b3)");
    }
}

/// <summary>Where spans go; any number of exporters at once.</summary>
public sealed class ExporterSpec : IValidatedSpec
{
    public ZipkinExporterSpec? Zipkin { get; set; }
    public OtlpExporterSpec? Otlp { get; set; }
    /// <summary>Refused: Jaeger takes OTLP itself.</summary>
    public System.Text.Json.Nodes.JsonObject? Jaeger { get; set; }

    public void Validate(string path)
    {
        if (Jaeger is not null)
            throw new SpecException(SpecException.Join(path, "jaeger"),
                "the Jaeger exporter is not supported (OpenTelemetry dropped it); Jaeger accepts OTLP: use exporter.otlp with its OTLP port");
    }
}

public sealed class ZipkinExporterSpec : IValidatedSpec
{
    /// <summary>The collector's span endpoint, e.g. <c>http://localhost:9411/api/v2/spans</c>.</summary>
    [RequiredField] public string Endpoint { get; set; } = "";

    public void Validate(string path) => TracingUrls.RequireHttp(Endpoint, SpecException.Join(path, "endpoint"));
}

/// <summary>An OTLP collector: <c>grpc</c> (port 4317) or <c>http</c> (protobuf, port 4318).</summary>
public sealed class OtlpExporterSpec : IValidatedSpec
{
    public const string Grpc = "grpc";
    public const string Http = "http";

    /// <summary><c>host:port</c> or a URL; over <c>http</c>, a URL without a path posts to <c>/v1/traces</c>.</summary>
    [RequiredField] public string Endpoint { get; set; } = "";
    /// <summary><c>grpc</c> (the default) or <c>http</c>.</summary>
    public string? Protocol { get; set; }
    /// <summary>Plain HTTP when the endpoint has no scheme (else HTTPS).</summary>
    public bool Insecure { get; set; }
    /// <summary>Accepted; the .NET exporter sends uncompressed.</summary>
    public string? Compression { get; set; }

    public bool UsesHttp => Protocol == Http;

    public void Validate(string path)
    {
        if (Protocol is { Length: > 0 } and not Grpc and not Http)
            throw new SpecException(SpecException.Join(path, "protocol"), $"unknown protocol \"{Protocol}\" (grpc or http)");
        if (Compression is { Length: > 0 } and not "gzip")
            throw new SpecException(SpecException.Join(path, "compression"), $"unknown compression \"{Compression}\" (gzip)");
        TracingUrls.RequireHttp(TracingUrls.OtlpUri(this).ToString(), SpecException.Join(path, "endpoint"));
    }
}

/// <summary>How many spans wait for export and how often they go.</summary>
public sealed class BatchLimitsSpec : IValidatedSpec
{
    public int MaxQueueSize { get; set; } = 2048;
    /// <summary>Milliseconds between exports.</summary>
    public int BatchTimeout { get; set; } = 5000;
    /// <summary>Milliseconds an export may take.</summary>
    public int ExportTimeout { get; set; } = 30000;
    public int MaxExportBatchSize { get; set; } = 512;

    public void Validate(string path)
    {
        foreach (var (name, value) in new[] { ("maxQueueSize", MaxQueueSize), ("batchTimeout", BatchTimeout), ("exportTimeout", ExportTimeout), ("maxExportBatchSize", MaxExportBatchSize) })
            if (value < 1) throw new SpecException(SpecException.Join(path, name), "must be at least 1");
        if (MaxExportBatchSize > MaxQueueSize)
            throw new SpecException(SpecException.Join(path, "maxExportBatchSize"), "must not exceed maxQueueSize");
    }
}

/// <summary>Limits on what one span carries; values of -1 (or 0) mean no limit.</summary>
public sealed class SpanLimitsSpec
{
    public int AttributeValueLengthLimit { get; set; } = -1;
    public int AttributeCountLimit { get; set; } = 128;
    public int EventCountLimit { get; set; } = 128;
    public int LinkCountLimit { get; set; } = 128;
    public int AttributePerEventCountLimit { get; set; } = 128;
    public int AttributePerLinkCountLimit { get; set; } = 128;
}

/// <summary>The v1 <c>tracing.zipkin</c>.</summary>
public sealed class ZipkinV1Spec : IValidatedSpec
{
    [SpecField("serverURL")] public string? ServerURL { get; set; }
    public double SampleRate { get; set; } = 1;
    /// <summary>Accepted; the local endpoint is the service's.</summary>
    public string? HostPort { get; set; }
    public bool DisableReport { get; set; }
    /// <summary>Accepted; the server's span is always a span of its own.</summary>
    public bool SameSpan { get; set; }
    /// <summary>Accepted; trace ids are always 128 bits.</summary>
    public bool Id128Bit { get; set; }

    public void Validate(string path)
    {
        if (SampleRate is < 0 or > 1 || double.IsNaN(SampleRate))
            throw new SpecException(SpecException.Join(path, "sampleRate"), $"must be between 0 and 1, not {SampleRate}");
        if (!string.IsNullOrEmpty(ServerURL)) TracingUrls.RequireHttp(ServerURL, SpecException.Join(path, "serverURL"));
    }
}
