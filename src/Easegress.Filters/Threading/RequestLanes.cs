namespace Easegress.Threading;

/// <summary>
/// Which lane of a pipeline a thread's requests enter. A thread takes a lane the first time it brings a request and
/// keeps it. The runtime's socket threads (one per core with inline socket completions), which bring nearly every
/// request, take lanes in turn among themselves, so each has a lane to itself whatever other threads did first; any
/// other thread (a pool thread running an HTTP/2 stream, say) takes a lane in a turn of its own.
/// </summary>
internal static class RequestLanes
{
    public static readonly int Count = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The name .NET gives the threads of its socket engine.</summary>
    private const string SocketThreadName = ".NET Sockets";

    private static int _socketThreads;
    private static int _otherThreads;
    [ThreadStatic] private static int _lane;   // this thread's lane + 1; 0 until it brings a request

    public static int OfThisThread
    {
        get
        {
            var lane = _lane;
            if (lane == 0) _lane = lane = Take();
            return lane - 1;
        }
    }

    /// <summary>Whether this thread may run a socket serving <paramref name="lane"/>: it is that lane's socket thread, or
    /// not a socket thread at all (whose thread then says nothing about the socket's).</summary>
    public static bool MayServe(int lane) => Thread.CurrentThread.Name != SocketThreadName || OfThisThread == lane;

    private static int Take()
    {
        var turn = Thread.CurrentThread.Name == SocketThreadName
            ? Interlocked.Increment(ref _socketThreads)
            : Interlocked.Increment(ref _otherThreads);
        return (turn - 1) % Count + 1;
    }
}
