using Akka.Actor;
using Akka.Hosting;
using Easegress.Actors.Traffic;

namespace Easegress.Node.Listeners;

/// <summary>
/// On shutdown, stops the node's traffic first: listeners stop accepting and drain their requests in flight.
/// Registered after the actor system, so the host stops it before the actor system leaves the cluster.
/// </summary>
public sealed class TrafficShutdown(ActorRegistry registry, ILogger<TrafficShutdown> logger) : IHostedService
{
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!registry.TryGet<TrafficControllerKey>(out var controller)) return;
        try { await controller.Ask<TrafficStopped>(StopTraffic.Instance, DrainTimeout + TimeSpan.FromSeconds(2), cancellationToken); }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            logger.LogWarning("traffic did not drain within {Timeout}", DrainTimeout);
        }
    }
}
