namespace Easegress.Filters.Pipelines;

/// <summary>
/// For one flow node: after which of its results a later node may use the response — read it, change it or replace it.
/// A Proxy asks this of the status its backend answered with: when nothing later uses the response it streams it
/// straight to the client; otherwise it hands it over in the context (Easegress's model, where the server writes the
/// response after the pipeline).
/// </summary>
/// <remarks>
/// Worked out once per pipeline version from the flow: a node uses the response when its kind says so
/// (<see cref="Filters.FilterKind.UsesResponse"/>), or when some result of it leads to a node that does; END uses it
/// only when something after the pipeline does (a global filter's <c>afterPipeline</c>).
/// </remarks>
public sealed class ResponseDemand
{
    private static readonly IReadOnlyDictionary<string, bool> NoResults = new Dictionary<string, bool>();

    /// <summary>Nothing later uses the response, whatever the result.</summary>
    public static readonly ResponseDemand None = new(NoResults, false);

    /// <summary>Something later may use the response, whatever the result.</summary>
    public static readonly ResponseDemand Always = new(NoResults, true);

    private readonly IReadOnlyDictionary<string, bool> _byResult;
    private readonly bool _otherwise;

    private ResponseDemand(IReadOnlyDictionary<string, bool> byResult, bool otherwise)
    {
        _byResult = byResult;
        _otherwise = otherwise;
    }

    /// <summary>True when, after the node returns <paramref name="result"/>, a later node may use the response.</summary>
    public bool After(string result) => _byResult.TryGetValue(result, out var used) ? used : _otherwise;

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
