using System.Text;
using Akka.Actor;
using Easegress.Actors.Hosting;
using Easegress.Actors.Traffic;
using Easegress.Node.Configuration;

namespace Easegress.Node.Admin;

/// <summary><c>GET /metrics</c> under both versions: this node's traffic objects and process, in the Prometheus text
/// exposition format 0.0.4.</summary>
public static class MetricsApi
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static void Map(WebApplication app, ServerOptions options)
    {
        foreach (var prefix in new[] { "/apis/v1", "/apis/v2" })
            app.MapGroup(prefix).MapGet("/metrics", (ActorSystem system) => ScrapeAsync(system, options));
    }

    private static async Task<IResult> ScrapeAsync(ActorSystem system, ServerOptions options)
    {
        var traffic = await system.ActorSelection($"/user/{EasegressActorSystem.TrafficControllerName}")
            .Ask<TrafficMetrics>(new GetTrafficMetrics(options.ClusterName, options.ClusterRole, options.Name), Timeout)
            .ConfigureAwait(false);
        var text = new StringBuilder(traffic.Text);
        ProcessMetrics.Collect().WriteTo(text);
        return Results.Text(text.ToString(), ContentType);
    }
}
