using System.Diagnostics;
using Easegress.Tracing;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Tracing;

public sealed class TraceHeadersTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanId = "00f067aa0ba902b7";

    private static ActivityContext Extract(bool b3, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers) dictionary[name] = value;
        return TraceHeaders.Extract(dictionary, b3);
    }

    [Fact]
    public void W3C_traceparent_and_tracestate_are_read()
    {
        var context = Extract(false, ("traceparent", $"00-{TraceId}-{SpanId}-01"), ("tracestate", "vendor=x"));
        Assert.Equal(TraceId, context.TraceId.ToHexString());
        Assert.Equal(SpanId, context.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
        Assert.Equal("vendor=x", context.TraceState);
        Assert.True(context.IsRemote);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")]
    public void A_missing_or_malformed_traceparent_starts_a_new_trace(string header) =>
        Assert.Equal(default, Extract(false, ("traceparent", header)));

    [Fact]
    public void B3_is_read_from_the_single_header_or_the_multi_headers_and_ignored_in_W3C_mode()
    {
        var single = Extract(true, ("b3", $"{TraceId}-{SpanId}-1"));
        Assert.Equal((TraceId, SpanId, ActivityTraceFlags.Recorded), (single.TraceId.ToHexString(), single.SpanId.ToHexString(), single.TraceFlags));

        var multi = Extract(true, ("X-B3-TraceId", TraceId.ToUpperInvariant()), ("X-B3-SpanId", SpanId), ("X-B3-Sampled", "0"));
        Assert.Equal((TraceId, SpanId, ActivityTraceFlags.None), (multi.TraceId.ToHexString(), multi.SpanId.ToHexString(), multi.TraceFlags));

        var short64 = Extract(true, ("X-B3-TraceId", "a3ce929d0e0e4736"), ("X-B3-SpanId", SpanId), ("X-B3-Flags", "1"));
        Assert.Equal("0000000000000000a3ce929d0e0e4736", short64.TraceId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, short64.TraceFlags);

        Assert.Equal(default, Extract(true, ("b3", "0")));   // a lone sampling decision has no parent
        Assert.Equal(default, Extract(true, ("X-B3-TraceId", "xyz"), ("X-B3-SpanId", SpanId)));
        Assert.Equal(default, Extract(false, ("b3", $"{TraceId}-{SpanId}-1")));
        Assert.Equal(default, Extract(true, ("traceparent", $"00-{TraceId}-{SpanId}-01")));
    }

    [Fact]
    public void A_span_is_written_in_either_format()
    {
        using var span = new Activity("backend");
        span.SetParentId(ActivityTraceId.CreateFromString(TraceId), ActivitySpanId.CreateFromString(SpanId), ActivityTraceFlags.Recorded);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        span.Start();
        var own = span.SpanId.ToHexString();

        var w3c = new Dictionary<string, string>();
        TraceHeaders.Inject(span, false, (k, v) => w3c[k] = v);
        Assert.Equal(new Dictionary<string, string> { ["traceparent"] = $"00-{TraceId}-{own}-01" }, w3c);

        var b3 = new Dictionary<string, string>();
        TraceHeaders.Inject(span, true, (k, v) => b3[k] = v);
        Assert.Equal(new Dictionary<string, string>
        {
            ["b3"] = $"{TraceId}-{own}-1", ["X-B3-TraceId"] = TraceId, ["X-B3-SpanId"] = own, ["X-B3-Sampled"] = "1",
        }, b3);
    }
}
