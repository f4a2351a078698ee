using System.Diagnostics;
using Easegress.Tracing;

namespace Easegress.Filters.Tests.Tracing;

public sealed class SpanLimiterTests
{
    [Fact]
    public void Long_values_are_cut_and_attributes_past_the_count_dropped()
    {
        using var span = new Activity("s").Start();
        span.SetTag("a", "0123456789");
        span.SetTag("b", 42);
        span.SetTag("c", "short");
        span.SetTag("d", "dropped");
        span.Stop();

        new SpanLimiter(new SpanLimitsSpec { AttributeValueLengthLimit = 6, AttributeCountLimit = 3 }).OnEnd(span);

        Assert.Equal([("a", (object?)"012345"), ("b", 42), ("c", "short")], span.TagObjects.Select(t => (t.Key, t.Value)));
    }

    [Fact]
    public void No_limits_change_nothing()
    {
        using var span = new Activity("s").Start();
        span.SetTag("a", new string('x', 1000));
        span.Stop();
        new SpanLimiter(new SpanLimitsSpec()).OnEnd(span);
        Assert.Equal(1000, ((string)span.GetTagItem("a")!).Length);
    }
}
