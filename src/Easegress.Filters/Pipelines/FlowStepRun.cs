using System.Diagnostics;
using Easegress.Statistics;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>One run of a flow node's filter, as it is being observed: when it started and its span, if the request is
/// traced. A struct, so observing a run allocates nothing.</summary>
internal readonly record struct FlowStepRun(long Started, Activity? Span);

/// <summary>What a flow node observes of its filter's runs: statistics always (an error is a non-empty result), a span
/// when the request is traced.</summary>
internal sealed partial class FlowStepRunner
{
    /// <summary>The filter's runs in this pipeline version.</summary>
    public required HttpStat Stat { get; init; }

    /// <param name="wraps">The filter runs the rest of the flow inside itself: their spans are children of its span.</param>
    internal FlowStepRun Begin(FlowContext context, bool wraps = false) =>
        new(Stopwatch.GetTimestamp(), context.Trace?.StartFilter(Label, KindName, wraps));

    internal void End(FlowStepRun run, FlowContext context, string result)
    {
        Stat.Record(result.Length > 0, Stopwatch.GetElapsedTime(run.Started));
        if (run.Span is { } span) context.Trace!.EndFilter(span, result);
    }
}
