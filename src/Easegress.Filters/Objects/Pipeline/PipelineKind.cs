using System.Text.Json.Nodes;
using Easegress.Pipelines;
using Easegress.Specs;

namespace Easegress.Objects.Pipeline;

/// <summary><c>Pipeline</c> (v2) and <c>HTTPPipeline</c> (v1): one engine, two names.</summary>
public sealed class PipelineKind(string name, params string[] aliases) : ObjectKind
{
    public override string Name { get; } = name;
    public override IReadOnlyList<string> Aliases { get; } = aliases;
    public override string Category => ObjectCategories.Pipeline;
    public override Type SpecType => typeof(PipelineSpec);

    public override object Validate(JsonObject document, TrafficEnvironmentShape shape) =>
        PipelineDefinition.Validate(SpecBinder.Bind<PipelineSpec>(document), shape.FilterKinds);

    public override Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment) =>
        Task.FromResult<ITrafficObject>(new PipelineRuntime((PipelineDefinition)spec, environment));
}
