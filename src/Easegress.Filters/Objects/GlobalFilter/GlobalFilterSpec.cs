using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Objects.GlobalFilter;

/// <summary>The fields of a <c>GlobalFilter</c> object: two flows run around the pipeline an HTTPServer matched.</summary>
public sealed class GlobalFilterSpec
{
    [RequiredField] public string Name { get; set; } = "";
    [RequiredField] public string Kind { get; set; } = "";
    public string? Version { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? CreatedAt { get; set; }

    /// <summary>A pipeline spec (<c>flow</c>, <c>filters</c>) run before the matched pipeline.</summary>
    public JsonObject? BeforePipeline { get; set; }

    /// <summary>A pipeline spec run after the matched pipeline.</summary>
    public JsonObject? AfterPipeline { get; set; }

    public FallthroughSpec Fallthrough { get; set; } = new();
}

/// <summary>Whether the next flow still runs when one ends (Easegress v2.7.2, #1213).</summary>
public sealed class FallthroughSpec
{
    /// <summary>Run the pipeline even when <c>beforePipeline</c> ended.</summary>
    public bool BeforePipeline { get; set; }

    /// <summary>Run <c>afterPipeline</c> even when the pipeline ended.</summary>
    public bool Pipeline { get; set; }
}
