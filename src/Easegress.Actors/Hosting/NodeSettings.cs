namespace Easegress.Actors.Hosting;

/// <summary>What the actor system of a node is built from (the node maps its flags and config file onto it).</summary>
public sealed record NodeSettings
{
    public required string Name { get; init; }
    public required string ClusterName { get; init; }
    /// <summary>primary or secondary.</summary>
    public required string Role { get; init; }
    /// <summary>Where Akka remoting listens (the peer URL's host and port).</summary>
    public required string PeerHost { get; init; }
    public required int PeerPort { get; init; }
    /// <summary>The host other nodes reach this one by; defaults to <see cref="PeerHost"/>.</summary>
    public string? AdvertisedHost { get; init; }
    /// <summary>akka.tcp://cluster@host:port (akka.ssl.tcp:// with <see cref="PeerTls"/>) addresses of the primaries to join.</summary>
    public required IReadOnlyList<string> SeedNodes { get; init; }
    /// <summary>An ADO.NET connection string and a linq2db provider name for the journal.</summary>
    public required string JournalConnectionString { get; init; }
    public required string JournalProvider { get; init; }
    /// <summary>The member's options as JSON text, shown by <c>/members</c>.</summary>
    public required string MemberOptions { get; init; }
    /// <summary>Set: the cluster transport runs over mutual TLS.</summary>
    public PeerTls? PeerTls { get; init; }
    /// <summary>Extra HOCON (tuning) that wins over what is set in code.</summary>
    public string? Hocon { get; init; }

    public bool IsPrimary => Role == "primary";

    /// <summary>The scheme of this cluster's Akka addresses.</summary>
    public static string AddressScheme(bool tls) => tls ? "akka.ssl.tcp" : "akka.tcp";
}
