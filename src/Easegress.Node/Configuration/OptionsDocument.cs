using System.Text.Json.Nodes;

namespace Easegress.Node.Configuration;

/// <summary>Options written out under Easegress's keys: for <c>--print-config</c> and for the member list.</summary>
public static class OptionsDocument
{
    public static JsonObject From(ServerOptions o) => new()
    {
        ["name"] = o.Name,
        ["labels"] = new JsonObject(o.Labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["cluster-name"] = o.ClusterName,
        ["cluster-role"] = o.ClusterRole,
        ["cluster"] = new JsonObject
        {
            ["listen-peer-urls"] = List(o.Cluster.ListenPeerUrls),
            ["initial-advertise-peer-urls"] = List(o.Cluster.InitialAdvertisePeerUrls),
            ["initial-cluster"] = new JsonObject(o.Cluster.InitialCluster.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["primary-listen-peer-urls"] = List(o.Cluster.PrimaryListenPeerUrls),
            ["state-flag"] = o.Cluster.StateFlag,
        },
        ["api-addr"] = o.ApiAddr,
        ["basic-auth"] = new JsonObject(o.BasicAuth.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)"xxxxx"))),
        ["tls"] = o.Tls,
        ["cert-file"] = o.CertFile,
        ["key-file"] = o.KeyFile,
        ["client-ca-file"] = o.ClientCaFile,
        ["traffic-address"] = o.TrafficAddress,
        ["database-url"] = DatabaseUrl.Redacted(o.DatabaseUrl),
        ["debug"] = o.Debug,
        ["disable-access-log"] = o.DisableAccessLog,
        ["home-dir"] = o.HomeDir,
        ["data-dir"] = o.DataDir,
        ["log-dir"] = o.LogDir,
    };

    private static JsonArray List(IEnumerable<string> items) => new(items.Select(i => (JsonNode?)i).ToArray());

    public static string Help()
    {
        var lines = new List<string>
        {
            "easegress-server: a cloud-native traffic orchestration system (Easegress on .NET).",
            "",
            "Usage: easegress-server [flags]",
            "",
            "Flags (each also read from EASEGRESS_<FLAG> and from the config file under the same key):",
            "  -f, --config-file string    Load options from a YAML file.",
            "  -c, --print-config          Print the options in effect and exit.",
            "  -v, --version               Print the version and exit.",
            "  -h, --help                  Print this help and exit.",
        };
        foreach (var d in OptionDefinitions.All)
            lines.Add($"      --{d.Key,-26}{d.Help}");
        return string.Join(Environment.NewLine, lines);
    }
}
