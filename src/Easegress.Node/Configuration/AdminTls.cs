using System.Security.Cryptography.X509Certificates;

namespace Easegress.Node.Configuration;

/// <summary>The admin API's TLS material (<c>tls</c>, <c>cert-file</c>, <c>key-file</c>, <c>client-ca-file</c>),
/// checked when the options are loaded so that a bad file stops the server before it starts.</summary>
public static class AdminTls
{
    public static void Check(ServerOptions options)
    {
        if (!options.Tls)
        {
            if (options.ClientCaFile.Length > 0) throw new OptionsError("--client-ca-file: needs --tls");
            return;
        }
        if (options.CertFile.Length == 0) throw new OptionsError("--tls: needs --cert-file");
        if (options.KeyFile.Length == 0) throw new OptionsError("--tls: needs --key-file");
        using var certificate = ServerCertificate(options);
        if (options.ClientCaFile.Length > 0) ClientCa(options).Dispose();
    }

    public static X509Certificate2 ServerCertificate(ServerOptions options) =>
        PemFiles.Certificate(options, options.CertFile, options.KeyFile, "--cert-file/--key-file");

    public static X509Certificate2 ClientCa(ServerOptions options) => PemFiles.Ca(options, options.ClientCaFile, "--client-ca-file");
}
