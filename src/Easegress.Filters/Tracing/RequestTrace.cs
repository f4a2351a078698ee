using System.Diagnostics;

namespace Easegress.Tracing;

/// <summary>
/// The spans of one traced request, as a request feature: the server's, then the pipeline's, each filter's and the
/// backend call's, each the child of the one before; the filters a wrapping filter runs are children of its span.
/// Filters of a request run one after another, or one inside the other, so the trace keeps the spans now open at each
/// level. Starting a span leaves <see cref="Activity.Current"/> as it was (stages run on
/// shared threads), except the backend's, which the caller's async flow needs for propagation.
/// </summary>
public sealed class RequestTrace
{
    /// <summary>The custom property of a backend span naming the header format its propagation uses.</summary>
    internal const string HeaderFormatProperty = "easegress.headerFormat";

    private readonly ActivitySource _source;
    private readonly Activity? _server;
    private readonly bool _b3;
    private Activity? _pipeline;
    private Activity? _filter;
    /// <summary>The open spans of wrapping filters (a Retryer, a CircuitBreaker), outermost first: the filters they run
    /// are their children.</summary>
    private List<Activity>? _wrappers;

    internal RequestTrace(ActivitySource source, Activity? server, bool b3)
    {
        _source = source;
        _server = server;
        _b3 = b3;
    }

    /// <summary>The server's span; null when the sampler did not even propagate it.</summary>
    public Activity? Server => _server;

    private ActivityContext Parent => (_filter ?? Wrapper ?? _pipeline ?? _server)?.Context ?? default;

    private Activity? Wrapper => _wrappers is { Count: > 0 } open ? open[^1] : null;

    /// <summary>Whether the trace is recorded (sampled); an unsampled one has a server span for propagation only, and
    /// no other spans.</summary>
    private bool Recorded => _server is { Recorded: true };

    public Activity? StartPipeline(string name)
    {
        if (!Recorded) return null;
        _pipeline = Start(_source, name, ActivityKind.Internal, _server?.Context ?? default);
        _pipeline?.SetTag("easegress.pipeline", name);
        return _pipeline;
    }

    public void EndPipeline(Activity span, string lastResult)
    {
        if (span.IsAllDataRequested && lastResult.Length > 0) span.SetTag("easegress.result", lastResult);
        Stop(span);
        if (ReferenceEquals(_pipeline, span)) _pipeline = null;
    }

    /// <param name="wraps">The filter runs the rest of the flow inside itself: the spans started until it ends are its
    /// children.</param>
    public Activity? StartFilter(string name, string kind, bool wraps = false)
    {
        if (!Recorded) return null;
        var span = Start(_source, name, ActivityKind.Internal, (Wrapper ?? _pipeline ?? _server)?.Context ?? default);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("easegress.filter", name);
            span.SetTag("easegress.kind", kind);
        }
        if (!wraps) _filter = span;
        else if (span is not null) (_wrappers ??= []).Add(span);
        return span;
    }

    /// <summary>Ends a filter's span with its result; a non-empty one marks the span as an error.</summary>
    public void EndFilter(Activity span, string result)
    {
        if (result.Length > 0 && span.IsAllDataRequested)
        {
            span.SetTag("easegress.result", result);
            span.SetStatus(ActivityStatusCode.Error, result);
        }
        Stop(span);
        if (ReferenceEquals(_filter, span)) _filter = null;
        else if (ReferenceEquals(Wrapper, span)) _wrappers!.RemoveAt(_wrappers.Count - 1);
    }

    /// <summary>Starts the span of a call to a backend and makes it <see cref="Activity.Current"/>, so that the HTTP
    /// handler writes its context (in this server's format) into the backend request. Call it in an async method, which
    /// restores the caller's current activity when it returns. An unsampled trace goes on from the server's span.</summary>
    public Activity? StartBackend(string filter)
    {
        var span = Recorded ? _source.StartActivity($"{filter} backend", ActivityKind.Client, Parent) : _server;
        if (span is null) return null;
        span.SetCustomProperty(HeaderFormatProperty, _b3 ? TracingSpec.B3 : TracingSpec.TraceContext);
        Activity.Current = span;
        if (!Recorded) return span;
        if (span.IsAllDataRequested) span.SetTag("easegress.filter", filter);
        return span;
    }

    /// <summary>Ends a backend call's span with the status the backend (or the failure) gave.</summary>
    public static void EndBackend(Activity span, int statusCode)
    {
        if (span.Kind != ActivityKind.Client) return;   // an unsampled trace's server span: the server ends it
        if (span.IsAllDataRequested)
        {
            span.SetTag("http.response.status_code", statusCode);
            if (statusCode >= 500) span.SetStatus(ActivityStatusCode.Error);
        }
        span.Stop();
    }

    /// <summary>Ends the server's span with the status the client got.</summary>
    public void End(int statusCode)
    {
        if (_server is null) return;
        if (_server.IsAllDataRequested)
        {
            _server.SetTag("http.response.status_code", statusCode);
            if (statusCode >= 500) _server.SetStatus(ActivityStatusCode.Error);
        }
        Stop(_server);
    }

    internal static Activity? Start(ActivitySource source, string name, ActivityKind kind, ActivityContext parent)
    {
        var current = Activity.Current;
        var span = source.StartActivity(name, kind, parent);
        if (span is not null) Activity.Current = current;
        return span;
    }

    private static void Stop(Activity span)
    {
        var current = Activity.Current;
        span.Stop();
        Activity.Current = current;
    }
}
