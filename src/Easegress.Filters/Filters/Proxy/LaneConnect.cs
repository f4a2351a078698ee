using Easegress.Threading;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Easegress.Filters.Proxy;

/// <summary>
/// Connects to a backend so that the connection is served by the socket thread of a given lane. With inline socket
/// completions the runtime hands each new socket to one of its socket threads in turn, and that thread then runs every
/// completion of the socket; a connect that completes later is finished on it. A connection that lands on another
/// lane's thread is closed and made again, so that a request read on one socket thread is forwarded, and its answer
/// read and written back, on that same thread. Connecting again stops after <see cref="MostAttempts"/> connections or
/// <see cref="Budget"/>, whichever comes first, and the last connection is kept wherever it landed: a near backend gets
/// a few more connects while the pool grows, a far one (or a slow connect) none, and a request never waits more than
/// about the budget for it. The backend sees the discarded connections open and close without a request.
/// </summary>
internal static class LaneConnect
{
    /// <summary>Connections made for one that the pool asked for, at most; the last one is kept wherever it landed.</summary>
    public const int MostAttempts = 8;

    /// <summary>How long after the first connect began another may still be made.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(5);

    /// <summary>Connects for a lane's pool, taking each connection kept from the node's <paramref name="connections"/>
    /// (<see cref="BudgetedConnection"/>).</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> For(int lane, ConnectionBudget connections)
    {
        Func<bool> landed = () => RequestLanes.MayServe(lane);
        return BudgetedConnection.Connect(connections, (endpoint, stream, token) => ConnectAsync(endpoint, landed, Budget, token, stream));
    }

    /// <summary>Connects for the shared pool: the first connection made is kept, wherever it landed.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Anywhere(ConnectionBudget connections) =>
        BudgetedConnection.Connect(connections, static (endpoint, stream, token) => ConnectAsync(endpoint, static () => true, Budget, token, stream));

    /// <param name="landed">Asked on the thread a connect completed on: whether to keep the connection.</param>
    /// <param name="stream">Makes the stream of the connection kept (a plain <see cref="NetworkStream"/> when null).</param>
    internal static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, Func<bool> landed, TimeSpan budget, CancellationToken token,
        Func<Socket, NetworkStream>? stream = null)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            // As SocketsHttpHandler's own connect: a dual-mode socket, without Nagle's delay.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            bool keep;
            try
            {
                var connecting = socket.ConnectAsync(endpoint, token);
                var atOnce = connecting.IsCompleted;
                await connecting.ConfigureAwait(false);
                keep = Keeps(attempt, atOnce, Stopwatch.GetElapsedTime(started), budget, landed);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            if (keep) return stream is null ? new NetworkStream(socket, ownsSocket: true) : stream(socket);
            socket.Dispose();
        }
    }

    /// <summary>Whether to keep a connection just made. One made at once (it happens when the handshake is done before
    /// the runtime would wait for it) finished on the caller's thread, which says nothing about the socket's.</summary>
    internal static bool Keeps(int attempt, bool atOnce, TimeSpan elapsed, TimeSpan budget, Func<bool> landed) =>
        atOnce || attempt >= MostAttempts || elapsed >= budget || landed();
}
