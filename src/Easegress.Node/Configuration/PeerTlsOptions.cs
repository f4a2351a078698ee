using System.Net.Security;
using Easegress.Actors.Hosting;

namespace Easegress.Node.Configuration;

/// <summary>The cluster transport's TLS material (<c>cluster.peer-cert-file</c>, <c>peer-key-file</c>,
/// <c>peer-trusted-ca-file</c>), checked when the options are loaded.</summary>
public static class PeerTlsOptions
{
    public static void Check(ServerOptions options)
    {
        var cluster = options.Cluster;
        if (cluster.PeerCertFile.Length == 0)
        {
            if (cluster.PeerKeyFile.Length > 0) throw new OptionsError("--peer-key-file: needs --peer-cert-file");
            if (cluster.PeerTrustedCaFile.Length > 0) throw new OptionsError("--peer-trusted-ca-file: needs --peer-cert-file");
            return;
        }
        if (cluster.PeerKeyFile.Length == 0) throw new OptionsError("--peer-cert-file: needs --peer-key-file");
        Settings(options)!.Certificate.Dispose();
    }

    /// <summary>Null when the cluster transport runs in the clear.</summary>
    public static PeerTls? Settings(ServerOptions options)
    {
        var cluster = options.Cluster;
        if (cluster.PeerCertFile.Length == 0) return null;
        var certificate = PemFiles.Certificate(options, cluster.PeerCertFile, cluster.PeerKeyFile, "--peer-cert-file/--peer-key-file");
        if (cluster.PeerTrustedCaFile.Length == 0)
            return new PeerTls(certificate, (peer, errors) => peer is not null && (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == 0);
        var ca = PemFiles.Ca(options, cluster.PeerTrustedCaFile, "--peer-trusted-ca-file");
        return new PeerTls(certificate, (peer, errors) => PemFiles.IssuedBy(peer, ca, errors));
    }
}
