using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Easegress.Node.Listeners;

/// <summary>
/// The limits every traffic listener puts on what a client sends, against slow and oversized requests
/// (docs/security.md lists them). Requests beyond them never reach a pipeline: a request line longer than
/// <see cref="MaxRequestLineSize"/> gets 414, headers beyond <see cref="MaxRequestHeadersTotalSize"/> or
/// <see cref="MaxRequestHeaderCount"/> get 431, headers not complete within <see cref="RequestHeadersTimeout"/> (slowloris)
/// get the connection closed, and a body arriving slower than <see cref="MinRequestBodyDataRate"/> after its grace
/// period gets 408 and the connection closed. Body size is the HTTPServer's <c>clientMaxBodySize</c> (413).
/// </summary>
public sealed record TrafficLimits
{
    public static TrafficLimits Default { get; } = new();

    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public MinDataRate MinRequestBodyDataRate { get; init; } = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
    public MinDataRate MinResponseDataRate { get; init; } = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
    public int MaxRequestLineSize { get; init; } = 8 * 1024;
    public int MaxRequestHeadersTotalSize { get; init; } = 32 * 1024;
    public int MaxRequestHeaderCount { get; init; } = 100;

    internal void ApplyTo(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
        limits.MinResponseDataRate = MinResponseDataRate;
        limits.MaxRequestLineSize = MaxRequestLineSize;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
    }
}
