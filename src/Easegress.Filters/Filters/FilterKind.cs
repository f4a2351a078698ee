using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Filters;

/// <summary>
/// Describes one filter kind: its name, spec type, results and how to build an instance. A kind is found by
/// <see cref="FilterRegistry"/> through reflection, so adding a filter is adding its folder.
/// </summary>
public abstract class FilterKind
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    /// <summary>Every non-empty result the filter may return (the keys <c>jumpIf</c> may use).</summary>
    public abstract IReadOnlyList<string> Results { get; }
    public abstract Type SpecType { get; }

    /// <summary>
    /// True (the default) when the filter may read, change or replace the response. A Proxy earlier in the flow then
    /// hands the backend's response over in the context instead of streaming it to the client, whenever the flow can
    /// reach this filter. Kinds that work on the request alone say false, so a Proxy before them keeps streaming.
    /// </summary>
    public virtual bool UsesResponse => true;

    public FilterSpec Bind(JsonObject node, string path) => (FilterSpec)SpecBinder.Bind(SpecType, node, path);

    public abstract IFilter Create(FilterSpec spec, FilterEnvironment environment);
}

/// <summary>The usual shape of a kind: a spec class and a factory.</summary>
public abstract class FilterKind<TSpec> : FilterKind where TSpec : FilterSpec, new()
{
    public sealed override Type SpecType => typeof(TSpec);
    public sealed override IFilter Create(FilterSpec spec, FilterEnvironment environment) => Create((TSpec)spec, environment);
    protected abstract IFilter Create(TSpec spec, FilterEnvironment environment);
}
