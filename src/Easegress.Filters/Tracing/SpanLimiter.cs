using System.Diagnostics;
using OpenTelemetry;

namespace Easegress.Tracing;

/// <summary>
/// Applies <c>spanLimits</c> to a span before it is exported: string attribute values cut to
/// <c>attributeValueLengthLimit</c>, attributes beyond <c>attributeCountLimit</c> dropped. (The spans made here carry
/// no events or links, so their limits hold by themselves.)
/// </summary>
internal sealed class SpanLimiter(SpanLimitsSpec limits) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity span)
    {
        var count = 0;
        List<KeyValuePair<string, object?>>? changes = null;
        foreach (var tag in span.TagObjects)
        {
            count++;
            if (limits.AttributeCountLimit > 0 && count > limits.AttributeCountLimit)
                (changes ??= []).Add(new(tag.Key, null));
            else if (limits.AttributeValueLengthLimit > 0 && tag.Value is string text && text.Length > limits.AttributeValueLengthLimit)
                (changes ??= []).Add(new(tag.Key, text[..limits.AttributeValueLengthLimit]));
        }
        if (changes is null) return;
        foreach (var (key, value) in changes) span.SetTag(key, value);
    }
}
