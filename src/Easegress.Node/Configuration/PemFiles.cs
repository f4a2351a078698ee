using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.Node.Configuration;

/// <summary>Certificates the options name by PEM file (relative to <c>home-dir</c>), and the trust check for
/// certificates issued by a CA of our own.</summary>
public static class PemFiles
{
    /// <summary>A certificate with its private key; <paramref name="flags"/> names the options in errors.</summary>
    public static X509Certificate2 Certificate(ServerOptions options, string certFile, string keyFile, string flags)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(Resolve(options, certFile), Resolve(options, keyFile));
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);   // a key TLS can use on every platform
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new OptionsError($"{flags}: cannot load {certFile} with {keyFile}: {e.Message}");
        }
    }

    public static X509Certificate2 Ca(ServerOptions options, string file, string flag)
    {
        try { return X509Certificate2.CreateFromPem(File.ReadAllText(Resolve(options, file))); }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new OptionsError($"{flag}: cannot load {file}: {e.Message}");
        }
    }

    /// <summary>True when <paramref name="certificate"/> chains up to <paramref name="ca"/> (and to nothing else).</summary>
    public static bool IssuedBy(X509Certificate2? certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static string Resolve(ServerOptions options, string path) => Path.GetFullPath(path, options.AbsoluteHomeDir);
}
