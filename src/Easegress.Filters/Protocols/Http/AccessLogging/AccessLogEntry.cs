namespace Easegress.Protocols.Http.AccessLogging;

/// <summary>What the access log says about one request, taken when its response was written (the HttpContext is
/// recycled after that, so headers are copied, and only when the format uses them).</summary>
public sealed record AccessLogEntry(
    DateTimeOffset Time,
    string RemoteAddr,
    string RealIP,
    string Method,
    string URI,
    string Proto,
    int StatusCode,
    TimeSpan Duration,
    long ReqSize,
    long RespSize,
    IReadOnlyList<KeyValuePair<string, string>>? ReqHeaders,
    IReadOnlyList<KeyValuePair<string, string>>? RespHeaders,
    string Tags);
