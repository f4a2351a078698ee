using System.Net;
using System.Net.Sockets;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>Connecting a lane's backend connection: one that lands on another lane's thread is closed and made again,
/// a bounded number of times and within a time budget.</summary>
public sealed class LaneConnectTests : IDisposable
{
    private readonly TcpListener _backend = new(IPAddress.Loopback, 0);

    public LaneConnectTests() => _backend.Start();

    /// <summary>No limit in time, so that only the answers and the attempts decide.</summary>
    private static readonly TimeSpan NoBudget = TimeSpan.MaxValue;

    private DnsEndPoint Backend => new("127.0.0.1", ((IPEndPoint)_backend.LocalEndpoint).Port);

    public void Dispose() => _backend.Dispose();

    /// <summary>The connections the backend took, in order; each then read to its end or to its first bytes.</summary>
    private async Task<List<string>> ReadEach(int connections)
    {
        var reads = new List<string>();
        for (var i = 0; i < connections; i++)
        {
            using var connection = await _backend.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var buffer = new byte[16];
            var read = await connection.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            reads.Add(read == 0 ? "closed" : System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }
        return reads;
    }

    [Theory]
    [InlineData(1, false, 0, true, true)]     // landed on its lane's thread
    [InlineData(1, false, 0, false, false)]   // landed elsewhere: made again
    [InlineData(7, false, 0, false, false)]
    [InlineData(8, false, 0, false, true)]    // the last attempt is kept wherever it landed
    [InlineData(2, false, 5, false, true)]    // the budget is spent
    [InlineData(1, true, 0, false, true)]     // made at once: where it landed is unknown
    public void Keeps_a_connection_on_its_lane_or_when_attempts_or_time_run_out(int attempt, bool atOnce, int elapsedMs, bool landed, bool kept)
    {
        var asked = false;
        Assert.Equal(kept, LaneConnect.Keeps(attempt, atOnce, TimeSpan.FromMilliseconds(elapsedMs), LaneConnect.Budget, () => { asked = true; return landed; }));
        // Where a connection landed is asked only when nothing else decides.
        Assert.Equal(!atOnce && attempt < LaneConnect.MostAttempts && elapsedMs < LaneConnect.Budget.TotalMilliseconds, asked);
    }

    // A connect on loopback usually completes later, on a socket thread, but now and then at once (then it is kept
    // without asking), so the connections a backend sees follow the questions asked.

    [Fact]
    public async Task A_connection_on_another_lanes_thread_is_closed_and_the_next_one_kept()
    {
        var answers = new Queue<bool>([false, false, true]);
        await using var kept = await LaneConnect.ConnectAsync(Backend, answers.Dequeue, NoBudget, CancellationToken.None);
        await kept.WriteAsync("hello"u8.ToArray());

        var asked = 3 - answers.Count;
        var reads = await ReadEach(asked == 3 ? 3 : asked + 1);
        Assert.Equal("hello", reads[^1]);
        Assert.All(reads[..^1], read => Assert.Equal("closed", read));
    }

    [Fact]
    public async Task After_the_most_attempts_the_last_connection_is_kept_wherever_it_landed()
    {
        var asked = 0;
        await using var kept = await LaneConnect.ConnectAsync(Backend, () => { asked++; return false; }, NoBudget, CancellationToken.None);
        await kept.WriteAsync("last"u8.ToArray());

        Assert.InRange(asked, 0, LaneConnect.MostAttempts - 1);   // the last one is kept without asking
        var reads = await ReadEach(asked + 1);
        Assert.Equal("last", reads[^1]);
        Assert.All(reads[..^1], read => Assert.Equal("closed", read));
    }

    [Fact]
    public async Task Once_the_budget_is_spent_the_connection_is_kept_without_asking()
    {
        var asked = 0;
        await using var kept = await LaneConnect.ConnectAsync(Backend, () => { asked++; return false; }, TimeSpan.Zero, CancellationToken.None);
        await kept.WriteAsync("first"u8.ToArray());

        Assert.Equal(0, asked);
        Assert.Equal(["first"], await ReadEach(1));
    }

    [Fact]
    public async Task A_refused_connect_fails_the_pools_request()
    {
        var unused = new DnsEndPoint("127.0.0.1", FreePorts.Next());

        await Assert.ThrowsAsync<SocketException>(async () =>
            await LaneConnect.ConnectAsync(unused, () => true, NoBudget, CancellationToken.None));
    }
}
