using System.Text.Json;
using Easegress.Actors.Leadership;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Serialization.Legacy;

/// <summary>
/// The journal rows and snapshots written before Easegress had formats of its own: Newtonsoft JSON with the CLR type
/// in <c>$type</c> (no manifest), fields by property name, fields at their default value left out. These names are
/// frozen here — they are what the rows say, not what the classes are called now.
/// </summary>
public static class LegacyRows
{
    /// <summary>The <c>$type</c> of each kind of legacy row.</summary>
    public static class TypeNames
    {
        public const string ObjectWritten = "Easegress.Actors.Objects.ObjectWritten, Easegress.Actors";
        public const string ObjectRemoved = "Easegress.Actors.Objects.ObjectRemoved, Easegress.Actors";
        public const string VersionTaken = "Easegress.Actors.Leadership.VersionTaken, Easegress.Actors";
        public const string LeaderSnapshot = "Easegress.Actors.Leadership.LeaderSnapshot, Easegress.Actors";
    }

    /// <summary>The event or snapshot in a legacy row; null when the JSON is not one of them.</summary>
    public static object? Read(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf("\"$type\":\"Easegress.Actors."u8) < 0) return null;
        using var document = JsonDocument.Parse(bytes);
        var row = document.RootElement;
        if (row.ValueKind != JsonValueKind.Object || !row.TryGetProperty("$type", out var type)) return null;
        return type.GetString() switch
        {
            TypeNames.ObjectWritten => new ObjectWritten(Text(row, "Name"), Text(row, "Kind"), Text(row, "Document"), Number(row, "Version")),
            TypeNames.ObjectRemoved => new ObjectRemoved(Text(row, "Name"), Number(row, "Version")),
            TypeNames.VersionTaken => new VersionTaken(Text(row, "Name"), Number(row, "Version"), Flag(row, "Removes")),
            TypeNames.LeaderSnapshot => new LeaderSnapshot(Number(row, "Version"), Texts(row, "Names")),
            _ => null,
        };
    }

    private static string Text(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static long Number(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static bool Flag(JsonElement row, string field) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A string array: <c>{"$type": "System.String[], ...", "$values": [...]}</c> as Newtonsoft wrote it.</summary>
    private static string[] Texts(JsonElement row, string field)
    {
        if (!row.TryGetProperty(field, out var value)) return [];
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("$values", out var values)) value = values;
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray() : [];
    }
}
