using Easegress.Pipelines;
using Easegress.Protocols.Http;

namespace Easegress.Filters.Tests.Support;

internal static class GraphRuns
{
    /// <summary>Runs the request through the graph's lane for this thread and waits for it to leave; false when the graph
    /// is draining.</summary>
    public static async ValueTask<bool> TryRunAsync(this PipelineGraph graph, RequestContext context)
    {
        if (!graph.TryEnter(context)) return false;
        await context.Completion;
        return true;
    }
}
