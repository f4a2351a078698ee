using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Easegress.Tracing;

/// <summary>
/// The trace headers of one format: W3C trace context (<c>traceparent</c>, <c>tracestate</c>) or Zipkin's B3 (the single
/// <c>b3</c> header, or <c>X-B3-TraceId</c>, <c>X-B3-SpanId</c>, <c>X-B3-Sampled</c>). Reads a client's and writes a
/// backend's.
/// </summary>
internal static class TraceHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string B3Single = "b3";
    public const string B3TraceId = "X-B3-TraceId";
    public const string B3SpanId = "X-B3-SpanId";
    public const string B3ParentSpanId = "X-B3-ParentSpanId";
    public const string B3Sampled = "X-B3-Sampled";
    public const string B3Flags = "X-B3-Flags";

    /// <summary>Every header either format writes (removed from a request before ours are written).</summary>
    public static readonly string[] All = [TraceParent, TraceState, B3Single, B3TraceId, B3SpanId, B3ParentSpanId, B3Sampled, B3Flags];

    /// <summary>The client's span, or default when the request carries none (or a malformed one).</summary>
    public static ActivityContext Extract(IHeaderDictionary headers, bool b3)
    {
        if (!b3)
        {
            var parent = headers[TraceParent].ToString();
            if (parent.Length == 0) return default;
            var state = headers[TraceState].ToString();
            return ActivityContext.TryParse(parent, state.Length == 0 ? null : state, isRemote: true, out var context) ? context : default;
        }
        var single = headers[B3Single].ToString();
        if (single.Length > 0) return ParseB3Single(single);
        return ParseB3(headers[B3TraceId].ToString(), headers[B3SpanId].ToString(),
            headers[B3Sampled].ToString() is "1" or "true" || headers[B3Flags].ToString() == "1");
    }

    /// <summary>Writes <paramref name="span"/> as the parent the backend sees.</summary>
    public static void Inject(Activity span, bool b3, Action<string, string> set)
    {
        var sampled = span.Recorded;
        if (!b3)
        {
            set(TraceParent, $"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-{(sampled ? "01" : "00")}");
            if (!string.IsNullOrEmpty(span.TraceStateString)) set(TraceState, span.TraceStateString);
            return;
        }
        var traceId = span.TraceId.ToHexString();
        var spanId = span.SpanId.ToHexString();
        set(B3Single, $"{traceId}-{spanId}-{(sampled ? "1" : "0")}");
        set(B3TraceId, traceId);
        set(B3SpanId, spanId);
        set(B3Sampled, sampled ? "1" : "0");
    }

    private static ActivityContext ParseB3Single(string value)
    {
        // {traceId}-{spanId}[-{sampling}[-{parentSpanId}]], or a lone sampling decision (no parent to continue)
        var parts = value.Split('-');
        if (parts.Length < 2) return default;
        return ParseB3(parts[0], parts[1], parts.Length > 2 && parts[2] is "1" or "d");
    }

    private static ActivityContext ParseB3(string traceId, string spanId, bool sampled)
    {
        traceId = traceId.ToLowerInvariant();
        spanId = spanId.ToLowerInvariant();
        if (traceId.Length == 16) traceId = "0000000000000000" + traceId;   // 64-bit ids are the low half
        if (traceId.Length != 32 || spanId.Length != 16 || !IsHex(traceId) || !IsHex(spanId)) return default;
        if (traceId == new string('0', 32) || spanId == new string('0', 16)) return default;
        return new ActivityContext(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId),
            sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
    }

    private static bool IsHex(string value)
    {
        foreach (var c in value)
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;   // lowered above
        return true;
    }
}
