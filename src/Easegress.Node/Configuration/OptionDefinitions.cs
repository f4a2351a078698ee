namespace Easegress.Node.Configuration;

/// <summary>The shape of an option's value as written on the command line or in the environment.</summary>
public enum OptionShape { Text, Flag, List, Map }

/// <summary>One option: its Easegress key (flag <c>--key</c>, env <c>EASEGRESS_KEY</c>, config key <c>key</c> or
/// <c>cluster.key</c>), how its value is shaped, and where it goes.</summary>
public sealed record OptionDefinition(string Key, OptionShape Shape, string Help, Action<ServerOptions, object> Set, bool InClusterBlock = false)
{
    public string EnvironmentVariable => "EASEGRESS_" + Key.Replace('-', '_').ToUpperInvariant();
    public string ConfigKey => InClusterBlock ? $"cluster.{Key}" : Key;
}

public static class OptionDefinitions
{
    public static readonly IReadOnlyList<OptionDefinition> All =
    [
        new("name", OptionShape.Text, "Human-readable name for this member.", (o, v) => o.Name = (string)v),
        new("labels", OptionShape.Map, "The labels of this member (key=value,key2=value2).", (o, v) => o.Labels = (Dictionary<string, string>)v),
        new("cluster-name", OptionShape.Text, "Human-readable name for the cluster.", (o, v) => o.ClusterName = (string)v),
        new("cluster-role", OptionShape.Text, "Cluster role of this member: primary or secondary.", (o, v) => o.ClusterRole = (string)v),
        new("api-addr", OptionShape.Text, "Address (host:port) of the admin API.", (o, v) => o.ApiAddr = (string)v),
        new("basic-auth", OptionShape.Map, "Users of the admin API (user=password,...): HTTP basic authentication.", (o, v) => o.BasicAuth = (Dictionary<string, string>)v),
        new("tls", OptionShape.Flag, "Serve the admin API over HTTPS (needs --cert-file and --key-file).", (o, v) => o.Tls = (bool)v),
        new("cert-file", OptionShape.Text, "PEM certificate of the admin API.", (o, v) => o.CertFile = (string)v),
        new("key-file", OptionShape.Text, "PEM private key of the admin API.", (o, v) => o.KeyFile = (string)v),
        new("client-ca-file", OptionShape.Text, "PEM CA: the admin API requires client certificates it issued (mTLS).", (o, v) => o.ClientCaFile = (string)v),
        new("debug", OptionShape.Flag, "Log at debug level.", (o, v) => o.Debug = (bool)v),
        new("disable-access-log", OptionShape.Flag, "Do not write the access log.", (o, v) => o.DisableAccessLog = (bool)v),
        new("home-dir", OptionShape.Text, "The home directory; other directories are relative to it.", (o, v) => o.HomeDir = (string)v),
        new("data-dir", OptionShape.Text, "The directory of the object store.", (o, v) => o.DataDir = (string)v),
        new("log-dir", OptionShape.Text, "The directory of the log files.", (o, v) => o.LogDir = (string)v),
        new("traffic-address", OptionShape.Text, "The address traffic listeners bind when their spec names none (default: all interfaces).", (o, v) => o.TrafficAddress = (string)v),
        new("database-url", OptionShape.Text, "postgres://user:password@host:port/database: the cluster's journal (default: SQLite in data-dir).", (o, v) => o.DatabaseUrl = (string)v),
        new("listen-peer-urls", OptionShape.List, "URLs to listen on for cluster peers (Akka remoting).", (o, v) => o.Cluster.ListenPeerUrls = (List<string>)v, true),
        new("initial-advertise-peer-urls", OptionShape.List, "Peer URLs other members reach this member by.", (o, v) => o.Cluster.InitialAdvertisePeerUrls = (List<string>)v, true),
        new("initial-cluster", OptionShape.Map, "The primaries of the cluster (name=peer-url,name2=peer-url2).", (o, v) => o.Cluster.InitialCluster = (Dictionary<string, string>)v, true),
        new("primary-listen-peer-urls", OptionShape.List, "Peer URLs of the primaries a secondary joins.", (o, v) => o.Cluster.PrimaryListenPeerUrls = (List<string>)v, true),
        new("state-flag", OptionShape.Text, "new or existing.", (o, v) => o.Cluster.StateFlag = (string)v, true),
        new("peer-cert-file", OptionShape.Text, "PEM certificate this member presents to its peers: the cluster transport runs over mutual TLS.", (o, v) => o.Cluster.PeerCertFile = (string)v, true),
        new("peer-key-file", OptionShape.Text, "PEM private key of --peer-cert-file.", (o, v) => o.Cluster.PeerKeyFile = (string)v, true),
        new("peer-trusted-ca-file", OptionShape.Text, "PEM CA that issued the peers' certificates (default: the system's trusted roots).", (o, v) => o.Cluster.PeerTrustedCaFile = (string)v, true),
    ];

    public static OptionDefinition? Find(string key) => All.FirstOrDefault(d => d.Key == key);
}
