using System.Text.Json.Nodes;
using Easegress.Objects;
using Easegress.Specs;

namespace Easegress.Node.Admin;

/// <summary>
/// The object kinds as egctl's resources (<c>/object-api-resources</c>: category, kind, lower-case name and
/// aliases) and a template of a new object of a kind (<c>/objects-yaml/{kind}/{name}</c>, always YAML).
/// </summary>
public static class ObjectResourcesApi
{
    public const string DefaultVersion = "easegress.megaease.com/v2";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/object-api-resources", (HttpContext http, ObjectKindRegistry kinds) =>
            AdminResponse.Body(http, new JsonArray(kinds.Kinds.OrderBy(ResourceName, StringComparer.Ordinal).Select(Resource).ToArray())));
        api.MapGet("/objects-yaml/{kind}/{name}", (HttpContext http, string kind, string name, ObjectKindRegistry kinds) =>
            Find(kinds, kind) is { } found
                ? Results.Text(AdminResponse.Yaml(Template(found, name, DateTimeOffset.UtcNow)), "text/x-yaml")
                : AdminResponse.Error(http, 404, $"kind {kind} not found"));
    }

    /// <summary>The spec a new object of <paramref name="kind"/> starts from: the envelope, then the spec's defaults.</summary>
    public static JsonObject Template(ObjectKind kind, string name, DateTimeOffset now)
    {
        var template = new JsonObject
        {
            ["name"] = name,
            ["kind"] = kind.Name,
            ["version"] = DefaultVersion,
            ["createdAt"] = CreationTime.Format(now),
        };
        if (kind.SpecType?.GetConstructor(Type.EmptyTypes) is not null)
        {
            foreach (var (field, value) in SpecValues.Write(Activator.CreateInstance(kind.SpecType)!))
                if (!template.ContainsKey(field)) template[field] = value?.DeepClone();
        }
        return template;
    }

    private static string ResourceName(ObjectKind kind) => kind.Name.ToLowerInvariant();

    private static JsonNode Resource(ObjectKind kind)
    {
        var name = ResourceName(kind);
        return new JsonObject
        {
            ["Category"] = kind.Category,
            ["Kind"] = kind.Name,
            ["Name"] = name,
            ["Aliases"] = MetadataApi.Strings(kind.Aliases.Where(a => a != name)),
        };
    }

    /// <summary>A kind by its name in any case, or by one of its aliases.</summary>
    private static ObjectKind? Find(ObjectKindRegistry kinds, string text) =>
        kinds.Kinds.FirstOrDefault(k => string.Equals(k.Name, text, StringComparison.OrdinalIgnoreCase))
        ?? kinds.Kinds.FirstOrDefault(k => k.Aliases.Contains(text, StringComparer.Ordinal));
}
