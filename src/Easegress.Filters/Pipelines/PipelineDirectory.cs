using System.Collections.Concurrent;

namespace Easegress.Filters.Pipelines;

/// <summary>The pipelines running on this node, by name: where HTTP servers find their backends.</summary>
public sealed class PipelineDirectory
{
    private readonly ConcurrentDictionary<string, PipelineRuntime> _pipelines = new(StringComparer.Ordinal);

    public PipelineRuntime? Find(string name) => _pipelines.TryGetValue(name, out var p) ? p : null;

    internal void Add(PipelineRuntime pipeline) => _pipelines[pipeline.Name] = pipeline;

    internal void Remove(PipelineRuntime pipeline) => _pipelines.TryRemove(new(pipeline.Name, pipeline));
}
