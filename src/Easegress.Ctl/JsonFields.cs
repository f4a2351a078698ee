using System.Text.Json;
using System.Text.Json.Nodes;

namespace Easegress.Ctl;

/// <summary>Reading members of the server's JSON answers.</summary>
internal static class JsonFields
{
    /// <summary>
    /// A member by name, else by the same name in another case or spelling (<c>cluster-role</c>, <c>ClusterRole</c>):
    /// Go decodes JSON case-insensitively, so Easegress servers vary in how they spell keys.
    /// </summary>
    public static JsonNode? Find(JsonObject item, string key) =>
        item.TryGetPropertyValue(key, out var exact)
            ? exact
            : item.FirstOrDefault(kv => Loose(kv.Key) == Loose(key)).Value;

    private static string Loose(string key) => key.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>A member's text: a string as it is, another scalar as JSON; empty when missing or null.</summary>
    public static string Text(JsonObject item, string key) => Find(item, key) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => "",
    };

    /// <summary>The items of a JSON list that are objects; none when <paramref name="node"/> is not a list.</summary>
    public static IReadOnlyList<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray items ? items.OfType<JsonObject>().ToList() : [];

    /// <summary>The non-empty strings of a JSON list; none when <paramref name="node"/> is not a list.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray items
            ? items.OfType<JsonValue>().Select(v => v.ToString()).Where(s => s.Length > 0).ToList()
            : [];
}
