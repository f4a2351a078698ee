using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Easegress.Ctl.Output;

/// <summary>Renders a JSON value as indented JSON, keeping the order of object members.</summary>
internal static class JsonRenderer
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
