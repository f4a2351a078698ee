using System.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Tracing;

/// <summary>
/// What a Proxy's HTTP handler writes into backend requests: for a request traced by an HTTPServer, the backend span's
/// context in the server's header format (W3C or B3), replacing whatever trace headers the client sent; for any other
/// activity, what YARP's propagator writes.
/// </summary>
public sealed class BackendPropagator : DistributedContextPropagator
{
    public static BackendPropagator Instance { get; } = new();

    private readonly ReverseProxyPropagator _otherwise;
    private readonly string[] _fields;

    private BackendPropagator()
    {
        _otherwise = new ReverseProxyPropagator(Current);
        _fields = TraceHeaders.All.Concat(_otherwise.Fields).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public override IReadOnlyCollection<string> Fields => _fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (BackendSpanOf(activity) is not { } span || carrier is not HttpRequestMessage request)
        {
            _otherwise.Inject(activity, carrier, setter);
            return;
        }
        foreach (var header in TraceHeaders.All) request.Headers.Remove(header);
        var b3 = (string)span.GetCustomProperty(RequestTrace.HeaderFormatProperty)! == TracingSpec.B3;
        TraceHeaders.Inject(span, b3, (name, value) => request.Headers.TryAddWithoutValidation(name, value));
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState) =>
        _otherwise.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        _otherwise.ExtractBaggage(carrier, getter);

    /// <summary>The backend span <paramref name="activity"/> is, or is a child of (the HTTP client's own activity, when
    /// something listens to it, which no tracer of ours exports: the backend's parent is the backend span).</summary>
    private static Activity? BackendSpanOf(Activity? activity)
    {
        for (var a = activity; a is not null; a = a.Parent)
            if (a.GetCustomProperty(RequestTrace.HeaderFormatProperty) is string) return a;
        return null;
    }
}
