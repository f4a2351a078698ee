using System.Text.Json.Nodes;

using Easegress.Specs;

namespace Easegress.Objects.GlobalFilter;

/// <summary><c>GlobalFilter</c>: flows an HTTPServer runs around every pipeline it routes to.</summary>
public sealed class GlobalFilterKind : ObjectKind
{
    public override string Name => "GlobalFilter";
    public override IReadOnlyList<string> Aliases { get; } = ["globalfilter", "globalfilters"];
    public override Type SpecType => typeof(GlobalFilterSpec);

    /// <summary>Starts with the pipelines, before the HTTPServers that use it.</summary>
    public override int StartRank => 0;

    public override object Validate(JsonObject document, TrafficEnvironmentShape shape) =>
        GlobalFilterDefinition.Validate(SpecBinder.Bind<GlobalFilterSpec>(document), shape.FilterKinds);

    public override Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment) =>
        Task.FromResult<ITrafficObject>(new GlobalFilterRuntime((GlobalFilterDefinition)spec, environment));
}
