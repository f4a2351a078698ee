using System.Numerics;

namespace Easegress.Statistics;

/// <summary>
/// A counter spread over one cache line per processor (up to 16), so that requests on different cores do not fight
/// over one line; adding is one interlocked add on the current core's slot, reading sums the slots.
/// </summary>
internal sealed class StripedCounter
{
    private const int Stride = 8;   // 8 longs: one 64-byte cache line per slot
    private static readonly int Stripes = (int)Math.Min(16, BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));

    private readonly long[] _slots = new long[Stripes * Stride];

    public void Add(long value) => Interlocked.Add(ref _slots[(Thread.GetCurrentProcessorId() & (Stripes - 1)) * Stride], value);

    public void Increment() => Add(1);

    public long Sum()
    {
        long sum = 0;
        for (var i = 0; i < _slots.Length; i += Stride) sum += Volatile.Read(ref _slots[i]);
        return sum;
    }

    /// <summary>The sum, resetting every slot to zero (what was added since the last call).</summary>
    public long Take()
    {
        long sum = 0;
        for (var i = 0; i < _slots.Length; i += Stride) sum += Interlocked.Exchange(ref _slots[i], 0);
        return sum;
    }
}
