using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace Easegress.Node.Admin;

/// <summary>Writes admin API answers: JSON, or YAML when the client's <c>Accept</c> asks for it; errors as
/// <c>{code, message}</c>.</summary>
public static class AdminResponse
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private static readonly ISerializer YamlWriter = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static IResult Body(HttpContext http, JsonNode? body, int status = StatusCodes.Status200OK)
    {
        var wantsYaml = http.Request.Headers.Accept.ToString().Contains("yaml", StringComparison.OrdinalIgnoreCase);
        return wantsYaml
            ? Results.Text(Yaml(body), "text/x-yaml", Encoding.UTF8, status)
            : Results.Text(body?.ToJsonString(Json) ?? "null", "application/json", Encoding.UTF8, status);
    }

    /// <summary>JSON nodes as YAML, members in their order.</summary>
    public static string Yaml(JsonNode? body) => YamlWriter.Serialize(Plain(body));

    public static IResult Error(HttpContext http, int status, string message) =>
        Body(http, new JsonObject { ["code"] = status, ["message"] = message }, status);

    /// <summary>JSON nodes as plain dictionaries, lists and scalars, in their order, for the YAML writer.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(v.ToJsonString()),
            _ => null,
        },
        _ => null,
    };

    /// <summary>A number as the YAML writer should print it, whatever CLR type the node holds it in.</summary>
    private static object Number(string json) =>
        long.TryParse(json, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
            ? whole
            : double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture);
}
