using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>
/// Works out each flow node's <see cref="ResponseDemand"/> once per pipeline version: a node uses the response when its
/// kind says so (<see cref="Filters.FilterKind.UsesResponse"/>), or when some result of it leads to a node that does;
/// END uses it only when something after the pipeline does (a global filter's <c>afterPipeline</c>).
/// </summary>
public static class ResponseDemands
{
    /// <summary>The demand of every node of the flow, in flow order (null for END nodes).</summary>
    /// <param name="usedAfterEnd">Whether something after the pipeline uses the response.</param>
    public static ResponseDemand?[] Of(PipelineDefinition definition, bool usedAfterEnd = false)
    {
        var steps = definition.Steps;
        var end = steps.Count;
        var usedFrom = UsedFrom(definition, usedAfterEnd);

        var demands = new ResponseDemand?[end];
        for (var i = 0; i < end; i++)
        {
            if (steps[i].Kind is null) continue;
            var byResult = ResultsOf(steps[i]).Distinct().ToDictionary(r => r, r => usedFrom[steps[i].NextAfter(i, r, end)]);
            // An undeclared result (internalError from a filter that threw) ends the pipeline.
            demands[i] = new ResponseDemand(byResult, usedFrom[end]);
        }
        return demands;
    }

    /// <summary>Whether running the flow from its start may use the response a filter before it left (a global
    /// filter asks this of its <c>afterPipeline</c>).</summary>
    public static bool UsedBy(PipelineDefinition definition) => UsedFrom(definition, false)[0];

    /// <summary>usedFrom[i]: running the flow from node i on, some node may use the response.</summary>
    private static bool[] UsedFrom(PipelineDefinition definition, bool usedAfterEnd)
    {
        var steps = definition.Steps;
        var end = steps.Count;
        var usedFrom = new bool[end + 1];
        usedFrom[end] = usedAfterEnd;
        for (var i = end - 1; i >= 0; i--)
        {
            var kind = steps[i].Kind;
            if (kind is null) usedFrom[i] = usedAfterEnd;
            else if (kind.UsesResponse) usedFrom[i] = true;
            else usedFrom[i] = ResultsOf(steps[i]).Any(r => usedFrom[steps[i].NextAfter(i, r, end)]);
        }
        return usedFrom;
    }

    private static IEnumerable<string> ResultsOf(FlowStep step) => step.Kind!.Results.Prepend("").Concat(step.Jumps.Keys);
}
