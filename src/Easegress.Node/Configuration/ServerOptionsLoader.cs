using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Node.Configuration;

/// <summary>What the command line asked for besides options.</summary>
public sealed record LoadedOptions(ServerOptions Options, bool PrintConfig, bool ShowHelp, bool ShowVersion, IReadOnlyList<string> Warnings);

/// <summary>Reads options from flags, <c>EASEGRESS_*</c> variables and the config file (flags win, then the
/// environment, then the file, then Easegress's defaults), and checks them.</summary>
public static class ServerOptionsLoader
{
    /// <summary>Easegress keys that this node reads but has no use for (yet); they are reported, not refused.</summary>
    private static readonly HashSet<string> Unused =
    [
        "cluster-request-timeout", "wal-dir", "member-dir", "cpu-profile-file", "memory-profile-file",
        "objects-dump-interval", "status-update-max-batch-size", "initial-object-config-files",
        "cluster.listen-client-urls", "cluster.advertise-client-urls", "cluster.max-call-send-msg-size",
    ];

    public static LoadedOptions Load(IReadOnlyList<string> args, IDictionary environment)
    {
        var warnings = new List<string>();
        var fromFlags = new Dictionary<OptionDefinition, object>();
        string? configFile = null;
        bool printConfig = false, help = false, version = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0) { inline = arg[(eq + 1)..]; arg = arg[..eq]; }
            switch (arg)
            {
                case "-h" or "--help": help = true; continue;
                case "-v" or "--version": version = true; continue;
                case "-c" or "--print-config": printConfig = inline is null || ParseBool(inline, arg); continue;
                case "-f" or "--config-file": configFile = inline ?? NextValue(args, ref i, arg); continue;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || OptionDefinitions.Find(arg[2..]) is not { } definition)
                throw new OptionsError(arg.StartsWith('-') ? $"unknown flag: {arg}" : $"unexpected argument: {arg}");
            if (definition.Shape == OptionShape.Flag)
            {
                fromFlags[definition] = inline is null || ParseBool(inline, arg);
                continue;
            }
            fromFlags[definition] = ParseText(definition, inline ?? NextValue(args, ref i, arg), arg);
        }

        var options = new ServerOptions();
        configFile ??= environment["EASEGRESS_CONFIG_FILE"] as string;
        if (!string.IsNullOrEmpty(configFile)) ApplyConfigFile(options, configFile, warnings);
        foreach (var definition in OptionDefinitions.All)
        {
            if (environment[definition.EnvironmentVariable] is string text && text.Length > 0)
                definition.Set(options, ParseText(definition, text, definition.EnvironmentVariable));
        }
        foreach (var (definition, value) in fromFlags) definition.Set(options, value);

        Check(options, warnings);
        return new LoadedOptions(options, printConfig, help, version, warnings);
    }

    private static string NextValue(IReadOnlyList<string> args, ref int i, string flag) =>
        i + 1 < args.Count ? args[++i] : throw new OptionsError($"flag needs a value: {flag}");

    private static bool ParseBool(string text, string source) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new OptionsError($"{source}: \"{text}\" is not true or false"),
    };

    private static object ParseText(OptionDefinition definition, string text, string source) => definition.Shape switch
    {
        OptionShape.Flag => ParseBool(text, source),
        OptionShape.List => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        OptionShape.Map => ParseMap(text, source),
        _ => text,
    };

    private static Dictionary<string, string> ParseMap(string text, string source)
    {
        var map = new Dictionary<string, string>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new OptionsError($"{source}: \"{pair}\" is not key=value");
            map[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }
        return map;
    }

    private static void ApplyConfigFile(ServerOptions options, string path, List<string> warnings)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionsError($"--config-file: cannot read {path}: {e.Message}");
        }
        JsonObject document;
        try { document = SpecDocument.ParseObject(text); }
        catch (SpecException e) { throw new OptionsError($"config file {path}: {e.Message}"); }

        foreach (var (key, value) in document)
        {
            if (key == "cluster" && value is JsonObject block)
            {
                foreach (var (inner, innerValue) in block) ApplyKey(options, $"cluster.{inner}", innerValue, path, warnings);
                continue;
            }
            ApplyKey(options, key, value, path, warnings);
        }
    }

    private static void ApplyKey(ServerOptions options, string key, JsonNode? value, string path, List<string> warnings)
    {
        var definition = OptionDefinitions.All.FirstOrDefault(d => d.ConfigKey == key);
        if (definition is null)
        {
            if (Unused.Contains(key)) { warnings.Add($"config file {path}: {key} has no effect here and is ignored"); return; }
            throw new OptionsError($"config file {path}: unknown key {key}");
        }
        if (value is null) return;
        var source = $"config file {path}: {key}";
        definition.Set(options, definition.Shape switch
        {
            OptionShape.Flag => value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                ? b.GetValue<bool>() : throw new OptionsError($"{source} must be true or false"),
            OptionShape.List => value switch
            {
                JsonArray list => list.Select(n => Scalar(n, source)).ToList(),
                _ => ParseText(definition, Scalar(value, source), source),
            },
            OptionShape.Map => value switch
            {
                JsonObject map => map.ToDictionary(kv => kv.Key, kv => Scalar(kv.Value, source)),
                // Easegress writes initial-cluster as a list of one-entry maps
                JsonArray list => list.OfType<JsonObject>().SelectMany(m => m).ToDictionary(kv => kv.Key, kv => Scalar(kv.Value, source)),
                _ => ParseText(definition, Scalar(value, source), source),
            },
            _ => Scalar(value, source),
        });
    }

    private static string Scalar(JsonNode? node, string source) => node is JsonValue v
        ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()
        : throw new OptionsError($"{source} must be a single value");

    private static void Check(ServerOptions options, List<string> warnings)
    {
        if (options.Name.Length == 0 || !options.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
            throw new OptionsError($"--name: \"{options.Name}\" may only hold letters, digits, '-', '_', '.' and '~'");
        if (options.ClusterName.Length == 0 || !options.ClusterName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new OptionsError($"--cluster-name: \"{options.ClusterName}\" may only hold letters, digits, '-' and '_'");
        switch (options.ClusterRole)
        {
            case "primary" or "secondary": break;
            case "writer": warnings.Add("--cluster-role: writer is the old name of primary"); options.ClusterRole = "primary"; break;
            case "reader": warnings.Add("--cluster-role: reader is the old name of secondary"); options.ClusterRole = "secondary"; break;
            default: throw new OptionsError($"--cluster-role: \"{options.ClusterRole}\" is not primary or secondary");
        }
        _ = HostPort.Parse(options.ApiAddr, "--api-addr");
        if (options.Cluster.ListenPeerUrls.Count == 0) throw new OptionsError("--listen-peer-urls: at least one URL is needed");
        foreach (var url in options.Cluster.ListenPeerUrls) _ = HostPort.ParseUrl(url, "--listen-peer-urls");
        foreach (var url in options.Cluster.InitialAdvertisePeerUrls) _ = HostPort.ParseUrl(url, "--initial-advertise-peer-urls");
        foreach (var (name, url) in options.Cluster.InitialCluster) _ = HostPort.ParseUrl(url, $"--initial-cluster ({name})");
        foreach (var url in options.Cluster.PrimaryListenPeerUrls) _ = HostPort.ParseUrl(url, "--primary-listen-peer-urls");
        if (options.Cluster.StateFlag is not ("new" or "existing"))
            throw new OptionsError($"--state-flag: \"{options.Cluster.StateFlag}\" is not new or existing");
        AdminTls.Check(options);
        PeerTlsOptions.Check(options);
        if (options.DatabaseUrl.Length > 0) _ = DatabaseUrl.ToConnectionString(options.DatabaseUrl);
        if (options.TrafficAddress.Length > 0 && options.TrafficAddress != "localhost" && !System.Net.IPAddress.TryParse(options.TrafficAddress, out _))
            throw new OptionsError($"--traffic-address: \"{options.TrafficAddress}\" is not an IP address");
    }
}
