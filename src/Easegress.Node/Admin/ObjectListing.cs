using System.Text.Json.Nodes;
using Easegress.Actors.Objects;
using Easegress.Actors.Traffic;

namespace Easegress.Node.Admin;

/// <summary>
/// <c>GET /objects</c> with Easegress's namespace parameters and <c>DELETE /objects?all=true</c>. Users' objects
/// all live in namespace <c>default</c>; no controller creates objects in a namespace of its own yet.
/// </summary>
public static class ObjectListing
{
    public const string DefaultNamespace = "default";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/objects", List);
        api.MapDelete("/objects", DeleteAll);
    }

    /// <summary>The request names a namespace other than <c>default</c> (<c>?namespace=</c>).</summary>
    public static bool AsksOtherNamespace(HttpRequest request) =>
        Namespace(request) is { Length: > 0 } ns && ns != DefaultNamespace;

    private static string Namespace(HttpRequest request) => request.Query["namespace"].ToString().Trim();

    private static bool Flag(HttpRequest request, string name) =>
        bool.TryParse(request.Query[name].ToString().Trim(), out var on) && on;

    private static async Task<IResult> List(HttpContext http, ObjectStore store)
    {
        var all = Flag(http.Request, "all-namespaces");
        if (all && Namespace(http.Request).Length > 0)
            return AdminResponse.Error(http, 400, "conflict query params, can't set all-namespaces and namespace at the same time");
        if (AsksOtherNamespace(http.Request)) return AdminResponse.Body(http, new JsonArray());
        var specs = new JsonArray((await store.ListAsync()).Select(e => JsonNode.Parse(e.Document)).ToArray());
        return AdminResponse.Body(http, all ? new JsonObject { [DefaultNamespace] = specs } : specs);
    }

    private static async Task<IResult> DeleteAll(HttpContext http, ObjectStore store, AppliedCatalog applied)
    {
        if (!Flag(http.Request, "all"))
            return AdminResponse.Error(http, 400, "deleting every object needs all=true (DELETE /objects?all=true)");
        foreach (var entry in await store.ListAsync())
        {
            var result = await store.DeleteAsync(entry.Name);
            if (result.Status == StatusCodes.Status404NotFound) continue;   // deleted by someone else meanwhile
            if (!result.Succeeded) return AdminResponse.Error(http, result.Status, $"delete {entry.Name}: {result.Message}");
            await applied.WaitAsync(entry.Name, result.Version, removed: true, AdminApi.ApplyWait);
            http.Response.Headers["X-Config-Version"] = result.Version.ToString();
        }
        return Results.Ok();
    }
}
