namespace Easegress.Filters;

/// <summary>
/// This node's place among the live members that serve traffic, so that a limit meant for the whole cluster can be
/// split: each member takes <c>limit / members</c>, and the first <c>limit % members</c> members by rank one more, so
/// the shares add up to the limit exactly. A node alone (and every test that sets nothing) holds the whole limit.
/// </summary>
public sealed class ClusterShare
{
    private Place _place = new(0, 1);

    /// <summary>Raised after the membership changed; handlers re-read <see cref="Of"/>.</summary>
    public event Action? Changed;

    public int Rank => Volatile.Read(ref _place).Rank;
    public int Members => Volatile.Read(ref _place).Members;

    /// <summary>This node's part of <paramref name="limit"/>; 0 when there are more members than units of the limit and
    /// this node's rank comes after them.</summary>
    public int Of(int limit)
    {
        var (rank, members) = Volatile.Read(ref _place);
        return limit / members + (rank < limit % members ? 1 : 0);
    }

    public void Update(int rank, int members)
    {
        if (members < 1 || rank < 0 || rank >= members)
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} of {members} members");
        var place = new Place(rank, members);
        if (Interlocked.Exchange(ref _place, place) == place) return;
        Changed?.Invoke();
    }

    private sealed record Place(int Rank, int Members);
}
