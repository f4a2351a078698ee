namespace Easegress.Filters.Pipelines;

/// <summary>
/// Which lane of a pipeline a thread's requests enter: threads take lanes in turn, the first time they bring a request,
/// and keep theirs, so each of the runtime's socket threads (one per core with inline socket completions) has a lane
/// to itself until there are more threads than cores.
/// </summary>
internal static class RequestLanes
{
    public static readonly int Count = Math.Max(1, Environment.ProcessorCount);

    private static int _threads;
    [ThreadStatic] private static int _lane;   // this thread's lane + 1; 0 until it brings a request

    public static int OfThisThread
    {
        get
        {
            var lane = _lane;
            if (lane == 0) _lane = lane = (Interlocked.Increment(ref _threads) - 1) % Count + 1;
            return lane - 1;
        }
    }
}
