using Akka.Configuration;
using Akka.Dispatch;

namespace Easegress.Threading;

/// <summary>
/// The dispatcher of pipeline graphs: a graph's actor runs on the thread that sends it a message (a request entering
/// on Kestrel's socket thread, a Proxy's completion on the thread its I/O completed on) instead of on a thread-pool
/// worker woken for it. The actor still runs on one thread at a time (its mailbox sees to that: a message sent while
/// another thread runs it is taken by that thread). A thread that sends while it already runs a graph queues the run
/// and does it when it is done (a trampoline: no recursion, no lock held across).
/// </summary>
/// <remarks>
/// Measured on 2 cores (docs/performance.md): waking a pool worker per request cost a context switch and the pool's
/// spinning, about a quarter of the gateway's CPU per request. Nothing on a graph blocks its thread: filters that cost
/// real CPU (bcrypt, RSA signatures) hop to the pool first, and filters that wait for the network await it.
/// </remarks>
public static class RequestThreadDispatcher
{
    public const string Id = "easegress.pipeline-dispatcher";

    /// <summary>The dispatcher's configuration, for every actor system that runs pipelines.</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        {{Id}} {
          type = Dispatcher
          executor = "{{typeof(Configurator).AssemblyQualifiedName}}"
        }
        """);

    internal sealed class Configurator(Config config, IDispatcherPrerequisites prerequisites)
        : ExecutorServiceConfigurator(config, prerequisites)
    {
        public override ExecutorService Produce(string id) => new CallerRuns(id);
    }

    private sealed class CallerRuns(string id) : ExecutorService(id)
    {
        [ThreadStatic] private static Queue<IRunnable>? _later;
        [ThreadStatic] private static bool _running;

        public override void Execute(IRunnable run)
        {
            if (_running)
            {
                (_later ??= new Queue<IRunnable>()).Enqueue(run);
                return;
            }
            _running = true;
            try
            {
                run.Run();
                while (_later is { Count: > 0 } later) later.Dequeue().Run();
            }
            finally
            {
                _running = false;
                // Left only when a run threw: the pool takes them rather than this thread's next send, which may never come.
                while (_later is { Count: > 0 } left)
                    ThreadPool.UnsafeQueueUserWorkItem(static next => next.Run(), left.Dequeue(), preferLocal: false);
            }
        }

        public override void Shutdown() { }
    }
}
