namespace Easegress.Filters.Tests.Support;

/// <summary>
/// What a piece of work allocates on this thread. A per-call allocation shows in every run of a loop, while a
/// one-off one (a lazily built cache, something of the runtime's: CI once saw 336 bytes in one run of a router loop
/// that allocates nothing) shows in one at most; so the work runs three times and the fewest bytes count.
/// </summary>
internal static class AllocatedBytes
{
    public static long Fewest(Action work, int runs = 3)
    {
        var fewest = long.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            work();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
