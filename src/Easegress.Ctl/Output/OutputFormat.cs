namespace Easegress.Ctl.Output;

/// <summary>How egctl prints what the server answered (<c>-o/--output</c>).</summary>
internal enum OutputFormat
{
    /// <summary>Tables and descriptions for the kubectl-style commands; YAML for the v1 commands.</summary>
    Default,
    Yaml,
    Json,
}

internal static class OutputFormats
{
    public const string Default = "default";

    public static bool TryParse(string? text, out OutputFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "default":
                format = OutputFormat.Default;
                return true;
            case "yaml":
                format = OutputFormat.Yaml;
                return true;
            case "json":
                format = OutputFormat.Json;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string UnsupportedMessage(string? text) =>
        $"unsupported output format \"{text}\" (want default, yaml or json)";
}
