using System.Text.Json.Nodes;
using Easegress.Filters;
using Easegress.Objects;
using Easegress.Specs;

namespace Easegress.Node.Admin;

/// <summary>
/// What the node knows of filter kinds (Easegress's metadata endpoints): the sorted kind names, and per kind its description,
/// a JSON Schema of its spec and its results. Served under the v2 path and Easegress v1's <c>httppipeline</c> path.
/// </summary>
public static class MetadataApi
{
    public static readonly string[] FilterPrefixes = ["/metadata/objects/pipeline/filters", "/metadata/objects/httppipeline/filters"];

    public static void Map(RouteGroupBuilder api)
    {
        foreach (var prefix in FilterPrefixes)
        {
            api.MapGet(prefix, (HttpContext http, ObjectKindRegistry kinds) =>
                AdminResponse.Body(http, Strings(kinds.Shape.FilterKinds.Kinds.Select(k => k.Name))));
            api.MapGet(prefix + "/{kind}/description", (HttpContext http, string kind, ObjectKindRegistry kinds) =>
                WithKind(http, kinds, kind, k => Results.Text(k.Description, "text/plain")));
            api.MapGet(prefix + "/{kind}/schema", (HttpContext http, string kind, ObjectKindRegistry kinds) =>
                WithKind(http, kinds, kind, k => AdminResponse.Body(http, SpecSchema.For(k.SpecType, k.Name))));
            api.MapGet(prefix + "/{kind}/results", (HttpContext http, string kind, ObjectKindRegistry kinds) =>
                WithKind(http, kinds, kind, k => AdminResponse.Body(http, Strings(k.Results))));
        }
    }

    private static IResult WithKind(HttpContext http, ObjectKindRegistry kinds, string name, Func<FilterKind, IResult> answer) =>
        kinds.Shape.FilterKinds.TryGet(name, out var kind)
            ? answer(kind)
            : AdminResponse.Error(http, 404, $"filter kind {name} not found");

    internal static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
