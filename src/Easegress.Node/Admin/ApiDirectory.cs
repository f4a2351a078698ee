using System.Text.Json.Nodes;

namespace Easegress.Node.Admin;

/// <summary>
/// <c>GET /apis/v2</c>: every endpoint of the admin API as <c>[{Group, Entries: [{path, method}]}]</c>, read from
/// the routes actually mapped, grouped by what they serve.
/// </summary>
public static class ApiDirectory
{
    public const string Prefix = "/apis/v2";

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("", (HttpContext http, EndpointDataSource endpoints) => AdminResponse.Body(http, List(endpoints)));

    public static JsonArray List(EndpointDataSource source)
    {
        var entries =
            from endpoint in source.Endpoints.OfType<RouteEndpoint>()
            let pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/')
            where pattern.StartsWith(Prefix, StringComparison.Ordinal)
            let path = pattern[Prefix.Length..]
            from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
            select (Group: GroupOf(path), Path: path, Method: method);
        var groups = entries
            .Distinct()
            .GroupBy(e => e.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (JsonNode?)new JsonObject
            {
                ["Group"] = g.Key,
                ["Entries"] = new JsonArray(g.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
                    .Select(e => (JsonNode?)new JsonObject { ["path"] = e.Path, ["method"] = e.Method }).ToArray()),
            });
        return new JsonArray(groups.ToArray());
    }

    /// <summary>The group of a path (after the prefix): by its first segment, <c>status/X</c> going with <c>X</c>.</summary>
    private static string GroupOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var first = segments.Length == 0 ? "" : segments[0] == "status" && segments.Length > 1 ? segments[1] : segments[0];
        return first switch
        {
            "" or "healthz" => "admin",
            "members" => "member",
            "objects" or "object-kinds" or "object-api-resources" or "objects-yaml" => "object",
            _ => first,
        };
    }
}
