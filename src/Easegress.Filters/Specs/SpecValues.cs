using System.Collections;
using System.Text.Json.Nodes;

namespace Easegress.Specs;

/// <summary>
/// Writes a spec object back as JSON nodes, with the field names <see cref="SpecBinder"/> reads: the inverse of
/// binding, for templates of new objects. Null fields are left out; durations are written the Go way.
/// </summary>
public static class SpecValues
{
    public static JsonObject Write(object spec)
    {
        var result = new JsonObject();
        foreach (var field in SpecFields.Of(spec.GetType()))
        {
            var value = field.Property.GetValue(spec);
            if (value is not null) result[field.Name] = Node(value);
        }
        return result;
    }

    /// <summary>The value as a JSON scalar when it is a scalar worth stating as a default (not null, 0, false or "").</summary>
    internal static JsonNode? ScalarDefault(object? value) => value switch
    {
        true => JsonValue.Create(true),
        string { Length: > 0 } s => JsonValue.Create(s),
        int i and not 0 => JsonValue.Create(i),
        long l and not 0 => JsonValue.Create(l),
        double d and not 0 => JsonValue.Create(d),
        TimeSpan t when t != TimeSpan.Zero => JsonValue.Create(GoDuration.Format(t)),
        _ => null,
    };

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        TimeSpan t => JsonValue.Create(GoDuration.Format(t)),
        IDictionary map => Map(map),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(Node).ToArray()),
        _ => Write(value),
    };

    private static JsonObject Map(IDictionary map)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in map) result[(string)entry.Key] = Node(entry.Value);
        return result;
    }
}
