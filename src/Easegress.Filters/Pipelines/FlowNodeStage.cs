using Akka.Streams;
using Akka.Streams.Stage;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>The shape every flow node's stage has: one request in, one out, its ports named after the node.</summary>
internal abstract class FlowNodeStage : GraphStage<FlowShape<FlowContext, FlowContext>>
{
    protected FlowNodeStage(FlowStepRunner runner)
    {
        Runner = runner;
        In = new Inlet<FlowContext>($"{runner.Label}.in");
        Out = new Outlet<FlowContext>($"{runner.Label}.out");
        Shape = new FlowShape<FlowContext, FlowContext>(In, Out);
    }

    public FlowStepRunner Runner { get; }
    public Inlet<FlowContext> In { get; }
    public Outlet<FlowContext> Out { get; }
    public override FlowShape<FlowContext, FlowContext> Shape { get; }
}
