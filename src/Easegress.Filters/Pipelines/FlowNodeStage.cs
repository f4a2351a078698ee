using Akka.Streams;
using Akka.Streams.Stage;

namespace Easegress.Filters.Pipelines;

/// <summary>The shape every flow node's stage has: one request in, one out, its ports named after the node.</summary>
internal abstract class FlowNodeStage : GraphStage<FlowShape<RequestContext, RequestContext>>
{
    protected FlowNodeStage(FlowStepRunner runner)
    {
        Runner = runner;
        In = new Inlet<RequestContext>($"{runner.Label}.in");
        Out = new Outlet<RequestContext>($"{runner.Label}.out");
        Shape = new FlowShape<RequestContext, RequestContext>(In, Out);
    }

    public FlowStepRunner Runner { get; }
    public Inlet<RequestContext> In { get; }
    public Outlet<RequestContext> Out { get; }
    public override FlowShape<RequestContext, RequestContext> Shape { get; }
}
