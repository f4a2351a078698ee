using System.Security.Cryptography;
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

    public static X509Certificate2 ServerCertificate(ServerOptions options)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(Resolve(options, options.CertFile), Resolve(options, options.KeyFile));
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);   // a key Kestrel can use on every platform
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new OptionsError($"--cert-file/--key-file: cannot load {options.CertFile} with {options.KeyFile}: {e.Message}");
        }
    }

    public static X509Certificate2 ClientCa(ServerOptions options)
    {
        try { return X509Certificate2.CreateFromPem(File.ReadAllText(Resolve(options, options.ClientCaFile))); }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new OptionsError($"--client-ca-file: cannot load {options.ClientCaFile}: {e.Message}");
        }
    }

    private static string Resolve(ServerOptions options, string path) => Path.GetFullPath(path, options.AbsoluteHomeDir);
}
