using Easegress.Actors.Hosting;

namespace Easegress.Node.Configuration;

/// <summary>Maps Easegress's cluster options (peer URLs, initial cluster) onto the actor system's settings.</summary>
public static class ClusterTopology
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    public static NodeSettings Settings(ServerOptions options, string memberOptions)
    {
        var listen = HostPort.ParseUrl(options.Cluster.ListenPeerUrls[0], "--listen-peer-urls");
        var advertised = options.Cluster.InitialAdvertisePeerUrls.Count > 0
            ? HostPort.ParseUrl(options.Cluster.InitialAdvertisePeerUrls[0], "--initial-advertise-peer-urls")
            : listen;
        var peers = options.ClusterRole == "secondary"
            ? options.Cluster.PrimaryListenPeerUrls
            : options.Cluster.InitialCluster.Values.ToList();
        var tls = PeerTlsOptions.Settings(options);
        // no peers named: a cluster of one that joins itself (SeedNodes empty)
        var seeds = peers.Select(url => HostPort.ParseUrl(url, "--initial-cluster"))
            .Select(p => $"{NodeSettings.AddressScheme(tls is not null)}://{options.ClusterName}@{p.Host}:{p.Port}")
            .ToList();
        return new NodeSettings
        {
            Name = options.Name,
            ClusterName = options.ClusterName,
            Role = options.ClusterRole,
            PeerHost = listen.Host,
            PeerPort = listen.Port,
            AdvertisedHost = advertised.Host,
            SeedNodes = seeds,
            JournalConnectionString = options.DatabaseUrl.Length > 0
                ? DatabaseUrl.ToConnectionString(options.DatabaseUrl)
                : $"Data Source={Path.Combine(options.AbsoluteDataDir, "easegress.db")}",
            JournalProvider = options.DatabaseUrl.Length > 0 ? PostgresProvider : SqliteProvider,
            MemberOptions = memberOptions,
            PeerTls = tls,
            Hocon = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "hocon", "easegress.conf")),
        };
    }
}
