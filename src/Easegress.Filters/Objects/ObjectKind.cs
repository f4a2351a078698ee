using System.Text.Json.Nodes;

namespace Easegress.Objects;

/// <summary>One kind of object users create: how its spec is validated and how it runs on a node.</summary>
public abstract class ObjectKind
{
    public abstract string Name { get; }

    /// <summary>The short names egctl accepts for the kind.</summary>
    public abstract IReadOnlyList<string> Aliases { get; }

    /// <summary>Binds and checks a document; throws <see cref="Specs.SpecException"/> naming the field.</summary>
    public abstract object Validate(JsonObject document, TrafficEnvironmentShape shape);

    /// <summary>Starts the object on this node from a spec returned by <see cref="Validate"/>.</summary>
    public abstract Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment);

    /// <summary>Easegress's category of the kind, as <c>/object-api-resources</c> reports it
    /// (<c>TrafficGate</c>, <c>Pipeline</c>, <c>BusinessController</c>, <c>SystemController</c>).</summary>
    public virtual string Category => ObjectCategories.BusinessController;

    /// <summary>The class the kind's spec binds to, for templates of new objects; null when it has none.</summary>
    public virtual Type? SpecType => null;

    /// <summary>Objects of a lower rank start first and stop last (pipelines before the servers routing to them).</summary>
    public virtual int StartRank => 0;
}

/// <summary>What validation needs to know of the node: the filter kinds it has.</summary>
public sealed record TrafficEnvironmentShape(Filters.FilterRegistry FilterKinds);
