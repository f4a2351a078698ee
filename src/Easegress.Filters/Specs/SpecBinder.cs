using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Easegress.Specs;

/// <summary>
/// Binds a spec's JSON nodes onto a plain spec class, reporting every problem with the field's path:
/// unknown fields, wrong types, missing required fields, and whatever <see cref="IValidatedSpec"/> adds.
/// Field names are the camel-case property names unless <see cref="SpecFieldAttribute"/> says otherwise.
/// Properties of type <see cref="JsonNode"/>/<see cref="JsonObject"/> receive the raw node (bound later).
/// </summary>
public static class SpecBinder
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, SpecField>> FieldsByType = new();

    public static T Bind<T>(JsonNode? node, string path = "", IReadOnlySet<string>? ignoredFields = null) where T : class, new()
        => (T)BindObject(typeof(T), node, path, ignoredFields)!;

    public static object Bind(Type type, JsonNode? node, string path = "", IReadOnlySet<string>? ignoredFields = null)
        => BindObject(type, node, path, ignoredFields)!;

    private static object? BindObject(Type type, JsonNode? node, string path, IReadOnlySet<string>? ignored)
    {
        if (node is not JsonObject obj) throw new SpecException(path, $"must be a mapping, not {Describe(node)}");
        var target = Activator.CreateInstance(type)!;
        var fields = FieldsOf(type);
        foreach (var (key, value) in obj)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                if (ignored?.Contains(key) == true) continue;
                throw new SpecException(SpecException.Join(path, key), "unknown field");
            }
            var fieldPath = SpecException.Join(path, key);
            if (value is null)
            {
                if (field.Required) throw new SpecException(fieldPath, "is required");
                continue;
            }
            var bound = BindValue(field.Property.PropertyType, value, fieldPath);
            if (bound is TimeSpan duration && duration > field.MaxDuration)
                throw new SpecException(fieldPath, $"must be at most {GoDuration.Format(field.MaxDuration)}, not {Describe(value)}");
            if (field.HeaderValues) HeaderText.Check(bound, fieldPath);
            field.Property.SetValue(target, bound);
        }
        foreach (var field in fields.Values)
            if (field.Required && obj[field.Name] is null)
                throw new SpecException(SpecException.Join(path, field.Name), "is required");
        if (target is IValidatedSpec validated) validated.Validate(path);
        return target;
    }

    private static object? BindValue(Type type, JsonNode node, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(JsonNode).IsAssignableFrom(underlying))
        {
            if (!underlying.IsInstanceOfType(node)) throw new SpecException(path, $"must be a {(underlying == typeof(JsonObject) ? "mapping" : "list")}, not {Describe(node)}");
            return node.DeepClone();
        }
        if (underlying == typeof(string)) return ScalarText(node, path);
        if (underlying == typeof(bool))
            return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? v.GetValue<bool>() : throw new SpecException(path, $"must be true or false, not {Describe(node)}");
        if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(double))
            return Number(underlying, node, path);
        if (underlying == typeof(TimeSpan))
        {
            var text = node is JsonValue tv && tv.GetValueKind() == JsonValueKind.String ? tv.GetValue<string>() : null;
            if (text is null || !GoDuration.TryParse(text, out var d) || d < TimeSpan.Zero)
                throw new SpecException(path, $"must be a duration like 500ms, 10s or 1m30s, not {Describe(node)}");
            return d;
        }
        if (SpecTypes.IsList(underlying, out var itemType))
        {
            if (node is not JsonArray array) throw new SpecException(path, $"must be a list, not {Describe(node)}");
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            for (var i = 0; i < array.Count; i++)
            {
                var item = array[i] ?? throw new SpecException(SpecException.Index(path, i), "must not be empty");
                list.Add(BindValue(itemType, item, SpecException.Index(path, i)));
            }
            return list;
        }
        if (SpecTypes.IsMap(underlying, out var valueType))
        {
            if (node is not JsonObject map) throw new SpecException(path, $"must be a mapping, not {Describe(node)}");
            var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
            foreach (var (k, v) in map)
            {
                var itemPath = SpecException.Join(path, k);
                dict[k] = v is null ? (valueType == typeof(string) ? "" : throw new SpecException(itemPath, "must not be empty")) : BindValue(valueType, v, itemPath);
            }
            return dict;
        }
        if (underlying.IsClass) return BindObject(underlying, node, path, null);
        throw new InvalidOperationException($"spec field type {underlying} is not supported");
    }

    private static string ScalarText(JsonNode node, string path) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => v.ToJsonString(),
        }
        : throw new SpecException(path, $"must be a string, not {Describe(node)}");

    private static object Number(Type type, JsonNode node, string path)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            throw new SpecException(path, $"must be a number, not {Describe(node)}");
        // values parsed from YAML hold long or double; values parsed from JSON text hold a JsonElement
        var whole = v.TryGetValue<long>(out var l);
        if (type == typeof(double)) return whole ? l : v.TryGetValue<double>(out var d) ? d : double.NaN;
        if (type == typeof(long) && whole) return l;
        if (type == typeof(int) && whole && l is >= int.MinValue and <= int.MaxValue) return (int)l;
        throw new SpecException(path, $"must be a whole number in range, not {v.ToJsonString()}");
    }

    internal static string Describe(JsonNode? node) => node switch
    {
        null => "empty",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"\"{Truncate(v.GetValue<string>())}\"",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Truncate(string s) => s.Length > 64 ? s[..64] + "…" : s;

    private static Dictionary<string, SpecField> FieldsOf(Type type) => FieldsByType.GetOrAdd(type, t =>
        SpecFields.Of(t).ToDictionary(f => f.Name, StringComparer.Ordinal));
}
