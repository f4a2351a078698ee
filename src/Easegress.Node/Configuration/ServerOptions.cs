namespace Easegress.Node.Configuration;

/// <summary>
/// A node's options under Easegress's names: from flags, <c>EASEGRESS_*</c> environment variables and the
/// config file, in that order of precedence, over Easegress's defaults.
/// </summary>
public sealed class ServerOptions
{
    public string Name { get; set; } = "eg-default-name";
    public Dictionary<string, string> Labels { get; set; } = new();
    public string ClusterName { get; set; } = "eg-cluster-default-name";
    public string ClusterRole { get; set; } = "primary";
    public string ApiAddr { get; set; } = "localhost:2381";
    public bool Debug { get; set; }
    public bool DisableAccessLog { get; set; }
    public string HomeDir { get; set; } = "./";
    public string DataDir { get; set; } = "data";
    public string LogDir { get; set; } = "log";
    /// <summary>The address traffic listeners bind when their spec names none (default: every interface).</summary>
    public string TrafficAddress { get; set; } = "";
    /// <summary>postgres://user:password@host:port/database for a cluster's journal; empty means SQLite in data-dir.</summary>
    public string DatabaseUrl { get; set; } = "";
    public ClusterBlock Cluster { get; set; } = new();
    /// <summary>user → password: the admin API asks for HTTP basic authentication when set.</summary>
    public Dictionary<string, string> BasicAuth { get; set; } = new();
    /// <summary>Serve the admin API over HTTPS with <see cref="CertFile"/> and <see cref="KeyFile"/>.</summary>
    public bool Tls { get; set; }
    public string CertFile { get; set; } = "";
    public string KeyFile { get; set; } = "";
    /// <summary>With TLS: require client certificates issued by this CA (mTLS).</summary>
    public string ClientCaFile { get; set; } = "";

    public string AbsoluteHomeDir => Path.GetFullPath(HomeDir);
    public string AbsoluteDataDir => Path.GetFullPath(DataDir, AbsoluteHomeDir);
    public string AbsoluteLogDir => Path.GetFullPath(LogDir, AbsoluteHomeDir);
}

/// <summary>The <c>cluster:</c> block: peer URLs map onto Akka remoting addresses.</summary>
public sealed class ClusterBlock
{
    public List<string> ListenPeerUrls { get; set; } = ["http://localhost:2380"];
    public List<string> InitialAdvertisePeerUrls { get; set; } = [];
    /// <summary>Member name → peer URL of every primary of a new cluster.</summary>
    public Dictionary<string, string> InitialCluster { get; set; } = new();
    /// <summary>Peer URLs of the primaries a secondary joins.</summary>
    public List<string> PrimaryListenPeerUrls { get; set; } = [];
    public string StateFlag { get; set; } = "new";
    /// <summary>PEM certificate and key this member presents to its peers; set, the cluster transport runs over mutual TLS.</summary>
    public string PeerCertFile { get; set; } = "";
    public string PeerKeyFile { get; set; } = "";
    /// <summary>PEM CA that issued every peer's certificate (default: the system's trusted roots).</summary>
    public string PeerTrustedCaFile { get; set; } = "";
}
