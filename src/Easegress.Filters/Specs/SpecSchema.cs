using System.Text.Json.Nodes;

namespace Easegress.Specs;

/// <summary>
/// A JSON Schema (draft 2020-12) of a spec class, read from the class by reflection with the field names
/// <see cref="SpecBinder"/> accepts: each field's type, the required fields, nested objects, lists and maps, and
/// the defaults a new spec starts with. Fields typed as raw JSON (<see cref="JsonNode"/>) accept any value.
/// </summary>
public static class SpecSchema
{
    public const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    public static JsonObject For(Type specType, string? title = null)
    {
        var schema = new JsonObject { ["$schema"] = Dialect };
        if (title is not null) schema["title"] = title;
        foreach (var (key, value) in ObjectSchema(specType, []))
            schema[key] = value?.DeepClone();
        return schema;
    }

    private static JsonObject TypeSchema(Type type, HashSet<Type> open)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(JsonObject)) return new JsonObject { ["type"] = "object" };
        if (underlying == typeof(JsonArray)) return new JsonObject { ["type"] = "array" };
        if (typeof(JsonNode).IsAssignableFrom(underlying)) return [];
        if (underlying == typeof(string)) return new JsonObject { ["type"] = "string" };
        if (underlying == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (SpecTypes.IsWholeNumber(underlying)) return new JsonObject { ["type"] = "integer" };
        if (underlying == typeof(double)) return new JsonObject { ["type"] = "number" };
        if (underlying == typeof(TimeSpan))
            return new JsonObject { ["type"] = "string", ["format"] = "duration", ["examples"] = new JsonArray("500ms", "10s", "1m30s") };
        if (SpecTypes.IsList(underlying, out var item))
            return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(item, open) };
        if (SpecTypes.IsMap(underlying, out var value))
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeSchema(value, open) };
        if (underlying.IsClass) return ObjectSchema(underlying, open);
        throw new InvalidOperationException($"spec field type {underlying} is not supported");
    }

    private static JsonObject ObjectSchema(Type type, HashSet<Type> open)
    {
        // A class that (indirectly) contains itself is described once; the inner occurrence is any object.
        if (!open.Add(type)) return new JsonObject { ["type"] = "object" };
        var defaults = type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type) : null;
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in SpecFields.Of(type))
        {
            var schema = TypeSchema(field.Property.PropertyType, open);
            if (defaults is not null && !field.Required && SpecValues.ScalarDefault(field.Property.GetValue(defaults)) is { } fallback)
                schema["default"] = fallback;
            properties[field.Name] = schema;
            if (field.Required) required.Add(field.Name);
        }
        open.Remove(type);

        var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0) result["required"] = required;
        result["additionalProperties"] = false;
        return result;
    }
}
