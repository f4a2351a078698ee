using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;

namespace Easegress.Filters.HeaderToJSON;

/// <summary>
/// Merges the values of the mapped request headers (the first value of each header present) into the request body:
/// an empty body becomes an object of them; an object gets them as fields; an array of objects gets them in every
/// element. Header values replace fields of the same name. Nothing changes when none of the headers is present.
/// A body that is not such JSON gives <c>jsonEncodeDecodeErr</c>; a body that cannot be read, or that streams
/// (<c>clientMaxBodySize: -1</c>), gives <c>bodyReadErr</c>.
/// </summary>
public sealed class HeaderToJSONFilter(HeaderToJSONSpec spec) : IAsyncFilter<RequestContext>
{
    private readonly (string Header, string Field)[] _map = spec.HeaderMap.Select(h => (h.Header, h.Json)).ToArray();

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        var request = context.Request;
        var fields = new List<(string Field, string Value)>();
        foreach (var (header, field) in _map)
        {
            var values = request.Headers[header];
            if (values.Count > 0 && !string.IsNullOrEmpty(values[0])) fields.Add((field, values[0]!));
        }
        if (fields.Count == 0) return "";
        if (RequestBody.Streams(request)) return HeaderToJSONKind.BodyReadErr;
        if (await RequestBody.TryReadAsync(context) is not { } body) return HeaderToJSONKind.BodyReadErr;

        if (Merge(body, fields) is not { } merged) return HeaderToJSONKind.JsonEncodeDecodeErr;
        RequestBody.Replace(request, merged);
        return "";
    }

    private static byte[]? Merge(byte[] body, List<(string Field, string Value)> fields)
    {
        JsonNode? document;
        try
        {
            document = IsBlank(body) ? new JsonObject() : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
        switch (document)
        {
            case JsonObject obj:
                Add(obj, fields);
                break;
            case JsonArray array when array.All(item => item is JsonObject):
                foreach (var item in array) Add((JsonObject)item!, fields);
                break;
            default:
                return null;
        }
        return JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private static void Add(JsonObject target, List<(string Field, string Value)> fields)
    {
        foreach (var (field, value) in fields) target[field] = value;
    }

    private static bool IsBlank(byte[] body) => body.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n');

    public void Dispose() { }
}
