using System.Net;
using System.Net.Sockets;

namespace Easegress.Filters.Proxy;

/// <summary>
/// A backend connection counted against the node's <see cref="ConnectionBudget"/> from the moment it is asked for
/// until its stream is disposed (the pool closes it, or the connect fails). When the budget has none left, the
/// connect fails at once with <see cref="ConnectionBudgetExhaustedException"/>, and the request waiting for it gets 503
/// instead of a file the process does not have.
/// </summary>
internal sealed class BudgetedConnection : NetworkStream
{
    private readonly ConnectionBudget _budget;
    private int _closed;

    private BudgetedConnection(Socket socket, ConnectionBudget budget) : base(socket, ownsSocket: true) => _budget = budget;

    public delegate ValueTask<Stream> Connector(DnsEndPoint endpoint, Func<Socket, NetworkStream> stream, CancellationToken token);

    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(ConnectionBudget budget, Connector connect) =>
        async (context, token) =>
        {
            if (!budget.TryOpenBackend()) throw new ConnectionBudgetExhaustedException(budget.Backends);
            try
            {
                return await connect(context.DnsEndPoint, socket => new BudgetedConnection(socket, budget), token).ConfigureAwait(false);
            }
            catch
            {
                budget.CloseBackend();
                throw;
            }
        };

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0) _budget.CloseBackend();
        base.Dispose(disposing);
    }
}

/// <summary>The node's traffic holds every backend connection its <see cref="ConnectionBudget"/> allows.</summary>
public sealed class ConnectionBudgetExhaustedException(int limit)
    : IOException($"the node's {limit} backend connections are all in use (the limit is sized from the open-file limit)")
{
    /// <summary>Whether this is somewhere in an exception's chain (YARP and the HTTP client wrap it).</summary>
    public static bool IsIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ConnectionBudgetExhaustedException) return true;
            if (e is AggregateException all && all.InnerExceptions.Any(IsIn)) return true;
        }
        return false;
    }
}
