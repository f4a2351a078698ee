using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Easegress.Filters;

/// <summary>
/// How many connections the node's traffic may hold at once, counted across every HTTPServer (client connections) and
/// every Proxy (backend connections), so that traffic can never take the process to its open-file limit: what is left
/// of the limit after a <see cref="ReserveOf">reserve</see> for the admin API, the journal, the cluster and the logs is
/// shared half and half between clients and backends. A client connection beyond its share is closed when it is
/// accepted; a request that needs a backend connection beyond its share gets 503 at once. Saturation is logged once
/// when it begins and once when it ends, not per refused connection.
/// </summary>
public sealed class ConnectionBudget
{
    /// <summary>Files kept out of the traffic's reach, at least: the runtime alone holds about 300 (assemblies, pipes,
    /// sockets), and the admin API, the journal, the cluster's connections and the logs need room beside them.</summary>
    public const int MinimumReserve = 512;

    /// <summary>Each share is at least this, however low the limit (the node then logs that it is too low).</summary>
    public const int MinimumShare = 16;

    private readonly Share _clients;
    private readonly Share _backends;

    public ConnectionBudget(int clients, int backends, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        _clients = new Share("client", "new client connections are closed", clients, logger);
        _backends = new Share("backend", "requests that need a new backend connection get 503", backends, logger);
    }

    /// <summary>No limit (a node whose file limit is unknown, tests of single filters).</summary>
    public static ConnectionBudget Unlimited { get; } = new(int.MaxValue, int.MaxValue);

    /// <summary>The budget of a process that may open <paramref name="fileLimit"/> files.</summary>
    public static ConnectionBudget ForFileLimit(long fileLimit, ILogger? logger = null)
    {
        var available = Math.Max(0, Math.Min(fileLimit, int.MaxValue) - ReserveOf(fileLimit));
        var clients = (int)Math.Max(MinimumShare, available / 2);
        var backends = (int)Math.Max(MinimumShare, available - available / 2);
        return new ConnectionBudget(clients, backends, logger);
    }

    /// <summary>The files kept for everything but traffic: <see cref="MinimumReserve"/> or an eighth of the limit.</summary>
    public static long ReserveOf(long fileLimit) => Math.Max(MinimumReserve, Math.Min(fileLimit, int.MaxValue) / 8);

    /// <summary>Client connections the node's HTTPServers may hold together.</summary>
    public int Clients => _clients.Limit;

    /// <summary>Backend connections the node's Proxies may hold together.</summary>
    public int Backends => _backends.Limit;

    public int OpenClients => _clients.Open;
    public int OpenBackends => _backends.Open;

    /// <summary>Takes a client connection from the budget; false when none is left (close the connection).</summary>
    public bool TryOpenClient() => _clients.TryOpen();
    public void CloseClient() => _clients.Close();

    /// <summary>Takes a backend connection from the budget; false when none is left (fail the request).</summary>
    public bool TryOpenBackend() => _backends.TryOpen();
    public void CloseBackend() => _backends.Close();

    private sealed class Share(string what, string consequence, int limit, ILogger logger)
    {
        private int _open;
        private int _saturated;

        public int Limit => limit;
        public int Open => Volatile.Read(ref _open);

        public bool TryOpen()
        {
            if (Interlocked.Increment(ref _open) <= limit) return true;
            Interlocked.Decrement(ref _open);
            if (Interlocked.Exchange(ref _saturated, 1) == 0)
                logger.LogWarning("{What} connections reached the node's limit of {Limit} (sized from the open-file limit): {Consequence} until some close",
                    what, limit, consequence);
            return false;
        }

        public void Close()
        {
            var open = Interlocked.Decrement(ref _open);
            // "ends" when a tenth of the share is free again, so that a share at its edge does not log every connection
            if (Volatile.Read(ref _saturated) == 1 && open <= limit - Math.Max(1, limit / 10) && Interlocked.Exchange(ref _saturated, 0) == 1)
                logger.LogInformation("{What} connections below the node's limit of {Limit} again ({Open} open)", what, limit, open);
        }
    }
}
