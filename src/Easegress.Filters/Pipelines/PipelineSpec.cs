using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Pipelines;

/// <summary>The fields of a <c>Pipeline</c> (v2) or <c>HTTPPipeline</c> (v1) object.</summary>
public sealed class PipelineSpec
{
    [RequiredField] public string Name { get; set; } = "";
    [RequiredField] public string Kind { get; set; } = "";
    public string? Version { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? CreatedAt { get; set; }

    /// <summary>The order filters run in; when empty, filters run in the order they are defined.</summary>
    public List<FlowNodeSpec> Flow { get; set; } = [];

    /// <summary>Filter specs, each bound by its kind when the pipeline is validated.</summary>
    public List<JsonObject> Filters { get; set; } = [];

    /// <summary>v2: named resilience policies (<c>CircuitBreaker</c>, <c>Retry</c>) that filters refer to (a Proxy pool's
    /// <c>circuitBreakerPolicy</c> and <c>retryPolicy</c>).</summary>
    public List<JsonObject>? Resilience { get; set; }

    /// <summary>Static user data for templates (v2.1+).</summary>
    public JsonObject? Data { get; set; }
}

public sealed class FlowNodeSpec
{
    [RequiredField] public string Filter { get; set; } = "";
    public Dictionary<string, string> JumpIf { get; set; } = new();
    public string? Alias { get; set; }
    public string? Namespace { get; set; }
}
