using System.Text.Json;
using System.Text.Json.Nodes;

namespace Easegress.Ctl.Output;

/// <summary>
/// What <c>egctl describe</c> prints for each item: its fields as <c>Key: value</c> lines, a field whose value takes
/// several lines as a titled, underlined block of YAML. Some fields come first, in groups set apart by blank lines;
/// the rest follow in the item's order; some (the status) come last. Items are separated by <c>---</c>.
/// </summary>
internal sealed class Description
{
    private const int ShortLineLength = 50;

    /// <summary>The fields printed first; an empty string ends a group.</summary>
    public required IReadOnlyList<string> First { get; init; }

    /// <summary>The fields printed last, after a blank line.</summary>
    public IReadOnlyList<string> Last { get; init; } = [];

    /// <summary>Print single-line values whole (otherwise they are cut after 50 characters).</summary>
    public bool Verbose { get; init; }

    public void Write(TextWriter writer, IReadOnlyList<JsonObject> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                writer.Write("\n\n---\n\n");
            }

            WriteOne(writer, items[i]);
        }
    }

    /// <summary><c>cluster-role</c> → <c>ClusterRole</c>, <c>lastHeartbeatTime</c> → <c>LastHeartbeatTime</c>.</summary>
    public static string Title(string key) =>
        string.Concat(key.Split('-', '_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private void WriteOne(TextWriter writer, JsonObject item)
    {
        var groupPrinted = false;
        foreach (var key in First)
        {
            if (key.Length == 0)
            {
                if (groupPrinted)
                {
                    writer.WriteLine();
                }

                groupPrinted = false;
                continue;
            }

            if (item.TryGetPropertyValue(key, out var value))
            {
                WriteField(writer, key, value);
                groupPrinted = true;
            }
        }

        foreach (var (key, value) in item)
        {
            if (!First.Contains(key) && !Last.Contains(key))
            {
                WriteField(writer, key, value);
            }
        }

        var lastStarted = false;
        foreach (var key in Last)
        {
            if (item.TryGetPropertyValue(key, out var value))
            {
                if (!lastStarted)
                {
                    writer.WriteLine();
                    lastStarted = true;
                }

                WriteField(writer, key, value);
            }
        }
    }

    private void WriteField(TextWriter writer, string key, JsonNode? value)
    {
        var title = Title(key);
        var lines = YamlRenderer.Render(JsonSerializer.SerializeToElement(value)).TrimEnd('\n').Split('\n');
        var isBlock = value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 } || lines.Length > 1;
        if (!isBlock)
        {
            var line = Verbose || lines[0].Length < ShortLineLength ? lines[0] : lines[0][..ShortLineLength] + "...";
            writer.WriteLine($"{title}: {line}");
            return;
        }

        writer.WriteLine($"{title}:");
        writer.WriteLine(new string('=', title.Length + 1));
        foreach (var line in lines)
        {
            writer.WriteLine("  " + line);
        }
    }
}
