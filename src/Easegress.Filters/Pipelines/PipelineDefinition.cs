using Easegress.Filters;
using Easegress.Specs;

namespace Easegress.Pipelines;

/// <summary>
/// A pipeline spec checked against the flow rules of Easegress: filter names unique and known, every flow
/// node names a filter or END, aliases unique, jumps only forward. Holds the bound filter specs in flow order.
/// </summary>
public sealed class PipelineDefinition
{
    public const string End = "END";

    private PipelineDefinition(string name, IReadOnlyList<FlowStep> steps)
    {
        Name = name;
        Steps = steps;
    }

    public string Name { get; }

    /// <summary>Flow nodes in order; an explicit END node has a null <see cref="FlowStep.Spec"/>.</summary>
    public IReadOnlyList<FlowStep> Steps { get; }

    public static PipelineDefinition Validate(PipelineSpec spec, FilterRegistry registry)
    {
        var policies = Resilience.ResiliencePolicies.Bind(spec.Resilience ?? [], "resilience");
        var filters = new Dictionary<string, (FilterSpec Spec, FilterKind Kind)>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Filters.Count; i++)
        {
            var path = SpecException.Index("filters", i);
            var node = spec.Filters[i];
            var kindName = node["kind"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node["kind"]!.GetValue<string>() : null;
            if (string.IsNullOrEmpty(kindName)) throw new SpecException(SpecException.Join(path, "kind"), "is required");
            if (!registry.TryGet(kindName, out var kind))
                throw new SpecException(SpecException.Join(path, "kind"), $"unknown filter kind \"{kindName}\"");
            var bound = kind.Bind(node, path);
            if (bound is Resilience.IResilientSpec resilient) resilient.UsePolicies(policies, path);
            if (bound.Name == End) throw new SpecException(SpecException.Join(path, "name"), "END is reserved");
            if (!filters.TryAdd(bound.Name, (bound, kind)))
                throw new SpecException(SpecException.Join(path, "name"), $"duplicate filter name \"{bound.Name}\"");
        }

        var flow = spec.Flow.Count > 0
            ? spec.Flow
            : filters.Keys.Select(n => new FlowNodeSpec { Filter = n }).ToList();

        var labels = new List<string>(flow.Count);
        for (var i = 0; i < flow.Count; i++)
        {
            var node = flow[i];
            var label = node.Alias ?? node.Filter;
            if (node.Filter != End && !filters.ContainsKey(node.Filter))
                throw new SpecException(SpecException.Join(SpecException.Index("flow", i), "filter"), $"filter \"{node.Filter}\" is not defined in filters");
            if (labels.Contains(label))
                throw new SpecException(SpecException.Index("flow", i), $"\"{label}\" appears twice in the flow; give one an alias");
            labels.Add(label);
        }

        var steps = new List<FlowStep>(flow.Count);
        for (var i = 0; i < flow.Count; i++)
        {
            var node = flow[i];
            var jumps = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (result, target) in node.JumpIf)
            {
                var at = SpecException.Join(SpecException.Join(SpecException.Index("flow", i), "jumpIf"), result.Length == 0 ? "\"\"" : result);
                if (target == End) { jumps[result] = flow.Count; continue; }
                var index = labels.IndexOf(target);
                if (index < 0) throw new SpecException(at, $"jump target \"{target}\" is not in the flow");
                if (index <= i) throw new SpecException(at, $"jump target \"{target}\" must come after this node");
                jumps[result] = index;
            }
            if (node.Filter == End)
            {
                steps.Add(new FlowStep(End, null, null, jumps));
                continue;
            }
            var (filterSpec, kind) = filters[node.Filter];
            foreach (var result in node.JumpIf.Keys)
                if (result.Length > 0 && !kind.Results.Contains(result))
                    throw new SpecException(SpecException.Join(SpecException.Join(SpecException.Index("flow", i), "jumpIf"), result),
                        $"filter kind {kind.Name} has no result \"{result}\" (it has: {string.Join(", ", kind.Results)})");
            steps.Add(new FlowStep(labels[i], filterSpec, kind, jumps));
        }
        return new PipelineDefinition(spec.Name, steps);
    }
}

/// <summary>One node of a validated flow: its label (alias or filter name), the filter's spec and kind, and its jumps
/// (result → index of the node to run next; the flow's length means END).</summary>
public sealed record FlowStep(string Label, FilterSpec? Spec, FilterKind? Kind, IReadOnlyDictionary<string, int> Jumps)
{
    /// <summary>The node to run after this one (at <paramref name="index"/>) returns <paramref name="result"/>: its
    /// <c>jumpIf</c> target, else the next node for "", else END.</summary>
    public int NextAfter(int index, string result, int end) =>
        Jumps.TryGetValue(result, out var target) ? target : result.Length == 0 ? index + 1 : end;
}
