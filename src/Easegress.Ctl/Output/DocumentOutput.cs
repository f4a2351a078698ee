using System.Text.Json;

namespace Easegress.Ctl.Output;

/// <summary>Prints a JSON body from the server in the chosen <see cref="OutputFormat"/>.</summary>
internal static class DocumentOutput
{
    public static void Write(TextWriter writer, string json, OutputFormat format)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            // Not JSON (an older server or a proxy in between): show it as it came.
            writer.Write(json.EndsWith('\n') ? json : json + "\n");
            return;
        }

        using (document)
        {
            writer.Write(format == OutputFormat.Json
                ? JsonRenderer.Render(document.RootElement)
                : YamlRenderer.Render(document.RootElement));
        }
    }
}
