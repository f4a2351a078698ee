using Easegress.Actors.Administration;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Easegress.Node.Admin;

/// <summary>Member purge and the operator console's cluster endpoints, under both API versions.</summary>
public static class ClusterApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app)
    {
        foreach (var prefix in new[] { "/apis/v1", "/apis/v2" })
        {
            var api = app.MapGroup(prefix);
            api.MapDelete("/status/members/{name}", async (HttpContext http, string name, ClusterConsole console) =>
                Answer(http, await console.PurgeAsync(name)));
            api.MapGet("/cluster", async (HttpContext http, ClusterConsole console) => Body(http, await console.ShowAsync()));
            api.MapGet("/cluster/singleton", async (HttpContext http, ClusterConsole console) =>
            {
                var view = await console.ShowAsync();
                var member = view.Members.FirstOrDefault(m => m.Name == view.Singleton);
                return Body(http, new { name = "leader", member = view.Singleton, address = member?.Address });
            });
            api.MapGet("/cluster/shards", async (HttpContext http, ClusterConsole console) => Body(http, await console.ShardsAsync()));
            api.MapPost("/cluster/members/{name}/leave", async (HttpContext http, string name, ClusterConsole console) =>
                Answer(http, await console.LeaveAsync(name)));
            api.MapPost("/cluster/members/{name}/down", async (HttpContext http, string name, ClusterConsole console) =>
                Answer(http, await console.DownAsync(name)));
        }
    }

    private static IResult Body<T>(HttpContext http, T value) => AdminResponse.Body(http, JsonSerializer.SerializeToNode(value, Json));

    private static IResult Answer(HttpContext http, ClusterConsole.Outcome outcome) =>
        outcome.Status == 200
            ? AdminResponse.Body(http, new JsonObject { ["message"] = outcome.Message })
            : AdminResponse.Error(http, outcome.Status, outcome.Message);
}
