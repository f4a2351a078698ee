using Easegress.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters;

/// <summary>What a filter may use from its node: the forwarder, logging, the clock and its share of the cluster.</summary>
public sealed class FilterEnvironment
{
    public required IHttpForwarder Forwarder { get; init; }
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether a Proxy keeps one backend connection pool per request lane, served by that lane's socket thread
    /// (<see cref="Proxy.LaneConnect"/>): on when the socket threads bring the requests (inline completions).</summary>
    public bool BackendPoolPerLane { get; init; } = SocketCompletions.AreInline;

    /// <summary>The connections the node's traffic may hold; every Proxy counts its backend connections here.</summary>
    public ConnectionBudget Connections { get; init; } = ConnectionBudget.Unlimited;

    /// <summary>This node's share of limits set for the whole cluster (kept current by the cluster layer).</summary>
    public ClusterShare Share { get; init; } = new();

    /// <summary>An environment with its own forwarder, for nodes and tests alike.</summary>
    public static FilterEnvironment Create(ILoggerFactory? loggerFactory = null, ConnectionBudget? connections = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddHttpForwarder();
        var provider = services.BuildServiceProvider();
        return new FilterEnvironment
        {
            Forwarder = provider.GetRequiredService<IHttpForwarder>(),
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
            Connections = connections ?? ConnectionBudget.Unlimited,
        };
    }
}
