using Akka.Streams;
using Akka.Streams.Stage;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>
/// The source of a pipeline graph: requests come in through its <see cref="Door"/>, from Kestrel's threads. Unlike a
/// channel source, a request that finds the stage waiting wakes it with one message to the graph's actor, sent from
/// the request's own thread (no continuation queued to the thread pool first), and one that finds it busy only
/// queues. Closing the door lets the requests already inside through, then completes the stream.
/// </summary>
internal sealed class PipelineEntrance : GraphStageWithMaterializedValue<SourceShape<FlowContext>, PipelineEntrance.Door>
{
    private readonly Outlet<FlowContext> _out = new("entrance.out");

    public PipelineEntrance() => Shape = new SourceShape<FlowContext>(_out);

    public override SourceShape<FlowContext> Shape { get; }

    public override ILogicAndMaterializedValue<Door> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var door = new Door();
        return new LogicAndMaterializedValue<Door>(new Logic(this, door), door);
    }

    /// <summary>Where requests enter; safe to use from any thread.</summary>
    public sealed class Door
    {
        private readonly object _gate = new();
        private readonly Queue<FlowContext> _waiting = new();
        private bool _closed;
        private bool _stageWaits;   // the stage has demand and found nothing: the next request must wake it
        internal Action? Wake;   // set when the stage starts

        /// <summary>Queues the request for the graph. False once the door is closed.</summary>
        public bool TryEnter(FlowContext context)
        {
            bool wake;
            lock (_gate)
            {
                if (_closed) return false;
                _waiting.Enqueue(context);
                wake = _stageWaits;
                _stageWaits = false;
            }
            if (wake) Wake!();
            return true;
        }

        /// <summary>Takes no more requests; the stream completes once those inside have gone through.</summary>
        public void Close()
        {
            bool wake;
            lock (_gate)
            {
                if (_closed) return;
                _closed = true;
                wake = _stageWaits;
                _stageWaits = false;
            }
            if (wake) Wake!();
        }

        /// <summary>The next request, or null (then the stage waits to be woken, unless the door is closed).</summary>
        internal FlowContext? Take(out bool closed)
        {
            lock (_gate)
            {
                closed = _closed && _waiting.Count == 0;
                if (_waiting.TryDequeue(out var next)) return next;
                _stageWaits = !closed;
                return null;
            }
        }
    }

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly PipelineEntrance _stage;
        private readonly Door _door;

        public Logic(PipelineEntrance stage, Door door) : base(stage.Shape)
        {
            _stage = stage;
            _door = door;
            SetHandler(stage._out, this);
        }

        public override void PreStart() => _door.Wake = GetAsyncCallback(() => { if (IsAvailable(_stage._out)) OnPull(); });

        public override void OnPull()
        {
            var next = _door.Take(out var closed);
            if (next is not null) Push(_stage._out, next);
            else if (closed) CompleteStage();
        }
    }
}
