using System.Diagnostics;
using OpenTelemetry;

namespace Easegress.Tracing;

/// <summary>
/// Puts the spec's <c>attributes</c> on every recorded span as tags, as Easegress's Zipkin exporter shows them (the .NET
/// Zipkin exporter takes only <c>service.name</c> from the resource; OTLP gets them in the resource as well).
/// </summary>
internal sealed class AttributeTags(KeyValuePair<string, string>[] attributes) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity span)
    {
        foreach (var (key, value) in attributes)
            if (span.GetTagItem(key) is null) span.SetTag(key, value);
    }
}
