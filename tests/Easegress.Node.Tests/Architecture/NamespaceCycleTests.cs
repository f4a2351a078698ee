using System.Reflection;
using Easegress.Actors.Hosting;
using Easegress.Filters;

namespace Easegress.Node.Tests.Architecture;

/// <summary>Namespaces depend one way: a cycle between two of them (A uses B, B uses A) fails the build's tests, with
/// an example of each use so the fix is easy to find.</summary>
public sealed class NamespaceCycleTests
{
    public static TheoryData<string> Assemblies() =>
        new(typeof(FilterKind).Assembly.GetName().Name!, typeof(NodeSettings).Assembly.GetName().Name!,
            typeof(NodeHost).Assembly.GetName().Name!);

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_namespace_uses_another_that_uses_it_back(string assemblyName)
    {
        var graph = NamespaceGraph.Of(Assembly.Load(assemblyName));
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(c => Describe(graph, c))));
    }

    [Fact]
    public void The_reader_sees_uses_in_method_bodies_and_finds_a_cycle()
    {
        // this test assembly has one on purpose: Cycle.Left uses Cycle.Right only inside a method, and back
        var graph = NamespaceGraph.Of(typeof(NamespaceCycleTests).Assembly, "Easegress.Node.Tests.Architecture.Cycle");
        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["Easegress.Node.Tests.Architecture.Cycle.Left", "Easegress.Node.Tests.Architecture.Cycle.Right"], cycle);
    }

    [Fact]
    public void The_engine_does_not_know_the_kinds()
    {
        var graph = NamespaceGraph.Of(typeof(FilterKind).Assembly);
        string[] engine = ["Easegress.Context", "Easegress.Filters", "Easegress.Pipelines", "Easegress.Specs", "Easegress.Objects",
            "Easegress.Statistics", "Easegress.Tracing", "Easegress.Listeners", "Easegress.Matching"];
        var kinds = new[] { "Easegress.Filters.", "Easegress.Objects." };
        var wrong = engine
            .SelectMany(ns => graph.Uses.TryGetValue(ns, out var e) ? e.Select(x => (From: ns, To: x.Key, x.Value)) : [])
            .Where(u => kinds.Any(k => u.To.StartsWith(k, StringComparison.Ordinal)))
            .Select(u => $"{u.From} -> {u.To} ({u.Value})")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static string Describe(NamespaceGraph graph, List<string> cycle) =>
        "cycle: " + string.Join(", ", cycle) + "\n" + string.Join("\n",
            from a in cycle
            from b in cycle
            where graph.Uses.TryGetValue(a, out var e) && e.ContainsKey(b)
            select $"  {a} -> {b} ({graph.Uses[a][b]})");
}
