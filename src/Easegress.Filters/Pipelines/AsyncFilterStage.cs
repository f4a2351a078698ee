using System.Collections.Concurrent;
using Akka.Streams;
using Akka.Streams.Stage;
using Easegress.Context;

namespace Easegress.Pipelines;

/// <summary>
/// A waiting flow node (an asynchronous or wrapping filter) as a graph stage: starts its filter on the requests whose
/// turn it is, up to <see cref="PipelineGraph.AsyncParallelism"/> at once, and passes every other request through.
/// A request the filter finishes asynchronously and that is then done leaves the graph right where the filter finished
/// (its response goes out on that thread) without telling the graph; only a request that goes on to a later node comes
/// back into the graph (unordered).
/// </summary>
internal sealed class AsyncFilterStage(FlowStepRunner runner, int parallelism) : FlowNodeStage(runner)
{
    private int Parallelism { get; } = parallelism;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly AsyncFilterStage _stage;
        private readonly Queue<FlowContext> _ready = new();   // for the outlet; the graph's thread only
        private readonly ConcurrentQueue<FlowContext> _returned = new();   // finished, going on to a later node
        private int _inFlight;   // started and not finished, or finished and not yet taken back by the graph
        private int _waiting;   // 1: the graph waits for in-flight requests, so every finish must wake it
        private Action _wake = null!;

        public Logic(AsyncFilterStage stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PreStart() => _wake = GetAsyncCallback(Progress);

        public override void OnPush()
        {
            var context = Grab(_stage.In);
            var runner = _stage.Runner;
            if (context.Next != runner.Index) _ready.Enqueue(context);
            else
            {
                var pending = runner.StartAsync(context);
                if (pending.IsCompleted)
                {
                    pending.GetAwaiter().GetResult();
                    _ready.Enqueue(context);
                }
                else
                {
                    Interlocked.Increment(ref _inFlight);
                    _ = FinishAsync(pending, context);
                }
            }
            Progress();
        }

        public override void OnPull() => Progress();

        public override void OnUpstreamFinish() => Progress();

        /// <summary>Off the graph's thread, where the filter finished.</summary>
        private async Task FinishAsync(ValueTask pending, FlowContext context)
        {
            try { await pending.ConfigureAwait(false); }
            catch (Exception e) { _stage.Runner.Fail(context, e); }   // the runner catches the filter's own; this is a last resort
            if (context.Next == _stage.Runner.FlowEnd)
            {
                context.Leave();
                Interlocked.Decrement(ref _inFlight);   // a full fence: the read below sees a wait set before it
                if (Volatile.Read(ref _waiting) == 1) _wake();
            }
            else
            {
                _returned.Enqueue(context);
                _wake();
            }
        }

        /// <summary>Pushes what is ready, asks for more while there is room, completes once all is done.</summary>
        private void Progress()
        {
            while (_returned.TryDequeue(out var back))
            {
                Interlocked.Decrement(ref _inFlight);
                _ready.Enqueue(back);
            }
            if (_ready.Count > 0 && IsAvailable(_stage.Out)) Push(_stage.Out, _ready.Dequeue());

            Interlocked.Exchange(ref _waiting, 1);   // a full fence: a finish after the read below sees it and wakes the graph
            var inFlight = Volatile.Read(ref _inFlight);
            if (IsClosed(_stage.In))
            {
                if (inFlight == 0 && _ready.Count == 0 && _returned.IsEmpty) CompleteStage();
                return;
            }
            if (inFlight + _ready.Count < _stage.Parallelism)
            {
                Volatile.Write(ref _waiting, 0);
                if (!HasBeenPulled(_stage.In)) Pull(_stage.In);
            }
        }
    }
}
