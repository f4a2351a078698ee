using System.Text.Json.Nodes;
using Easegress.Filters;
using Easegress.Pipelines;
using Easegress.Specs;

namespace Easegress.Objects.GlobalFilter;

/// <summary>A checked <c>GlobalFilter</c>: its two flows validated exactly as pipelines are, with errors naming the
/// field under <c>beforePipeline</c> or <c>afterPipeline</c>.</summary>
public sealed record GlobalFilterDefinition(string Name, PipelineDefinition? Before, PipelineDefinition? After, FallthroughSpec Fallthrough)
{
    public static GlobalFilterDefinition Validate(GlobalFilterSpec spec, FilterRegistry registry) => new(
        spec.Name,
        FlowOf(spec.BeforePipeline, $"{spec.Name}.beforePipeline", "beforePipeline", registry),
        FlowOf(spec.AfterPipeline, $"{spec.Name}.afterPipeline", "afterPipeline", registry),
        spec.Fallthrough);

    private static PipelineDefinition? FlowOf(JsonObject? document, string name, string field, FilterRegistry registry)
    {
        if (document is null) return null;
        // Easegress's beforePipeline/afterPipeline are bare pipeline specs: no name or kind of their own
        var pipeline = (JsonObject)document.DeepClone();
        pipeline["name"] ??= name;
        pipeline["kind"] ??= "Pipeline";
        try
        {
            return PipelineDefinition.Validate(SpecBinder.Bind<PipelineSpec>(pipeline), registry);
        }
        catch (SpecException e)
        {
            throw new SpecException(SpecException.Join(field, e.Path), e.Problem);
        }
    }
}
