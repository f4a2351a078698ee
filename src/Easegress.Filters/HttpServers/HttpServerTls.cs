using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Easegress.Filters.Specs;
using Easegress.Filters.Traffic;

namespace Easegress.Filters.HttpServers;

/// <summary>
/// Reads an HTTPServer's certificates as Easegress does: the <c>certBase64</c>/<c>keyBase64</c> pair (base64 of PEM)
/// first, then every <c>certs</c> entry with the <c>keys</c> entry of the same name (PEM text, or base64 of it), and
/// <c>caCertBase64</c> (base64 of one or more PEM certificates) for client certificates. A PEM certificate may be
/// followed by its intermediates. Anything unreadable is a <see cref="SpecException"/> naming the field.
/// </summary>
internal static class HttpServerTls
{
    public static TlsCredentials Build(HttpServerSpec spec, string path)
    {
        var certificates = new List<ServerCertificate>();
        try
        {
            ReadBase64Pair(spec, path, certificates);
            ReadNamedPairs(spec, path, certificates);
            if (certificates.Count == 0)
                throw new SpecException(SpecException.Join(path, "https"), "needs certBase64 and keyBase64, or certs and keys");
            var authorities = ReadAuthorities(spec.CaCertBase64, SpecException.Join(path, "caCertBase64"));
            return new TlsCredentials(certificates, authorities);
        }
        catch
        {
            foreach (var pair in certificates) pair.Certificate.Dispose();
            throw;
        }
    }

    private static void ReadBase64Pair(HttpServerSpec spec, string path, List<ServerCertificate> certificates)
    {
        var hasCert = !string.IsNullOrEmpty(spec.CertBase64);
        var hasKey = !string.IsNullOrEmpty(spec.KeyBase64);
        if (!hasCert && !hasKey) return;
        if (!hasKey) throw new SpecException(SpecException.Join(path, "keyBase64"), "is required with certBase64");
        if (!hasCert) throw new SpecException(SpecException.Join(path, "certBase64"), "is required with keyBase64");
        var certPath = SpecException.Join(path, "certBase64");
        var certPem = DecodeBase64(spec.CertBase64!, certPath);
        var keyPem = DecodeBase64(spec.KeyBase64!, SpecException.Join(path, "keyBase64"));
        certificates.Add(LoadPair(certPem, keyPem, certPath, "keyBase64"));
    }

    private static void ReadNamedPairs(HttpServerSpec spec, string path, List<ServerCertificate> certificates)
    {
        var keys = spec.Keys ?? [];
        foreach (var name in keys.Keys)
        {
            if (spec.Certs?.ContainsKey(name) != true)
                throw new SpecException(SpecException.Join(SpecException.Join(path, "keys"), name), "has no certificate of the same name in certs");
        }
        foreach (var (name, cert) in spec.Certs ?? [])
        {
            var certPath = SpecException.Join(SpecException.Join(path, "certs"), name);
            if (!keys.TryGetValue(name, out var key))
                throw new SpecException(certPath, $"has no private key: add keys.{name}");
            certificates.Add(LoadPair(PemOrBase64(cert), PemOrBase64(key), certPath, $"keys.{name}"));
        }
    }

    internal static X509Certificate2Collection? ReadAuthorities(string? base64, string path)
    {
        if (string.IsNullOrEmpty(base64)) return null;
        var authorities = new X509Certificate2Collection();
        try { authorities.ImportFromPem(DecodeBase64(base64, path)); }
        catch (CryptographicException e) { throw new SpecException(path, $"not a PEM certificate: {e.Message}"); }
        if (authorities.Count == 0) throw new SpecException(path, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        return authorities;
    }

    internal static ServerCertificate LoadPair(string certPem, string keyPem, string certPath, string keyField)
    {
        if (!certPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            throw new SpecException(certPath, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        X509Certificate2 certificate;
        try { certificate = X509Certificate2.CreateFromPem(certPem, keyPem); }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new SpecException(certPath, $"cannot be used with the private key in {keyField}: {e.Message}");
        }
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use an ephemeral key; give it a persisted copy
            using var ephemeral = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(certPem);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++) intermediates.Add(chain[i]);
        chain[0].Dispose();
        return new ServerCertificate(certificate, intermediates);
    }

    /// <summary>Easegress's <c>tryDecodeBase64Pem</c>: base64 if it decodes, else the text itself.</summary>
    private static string PemOrBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : value;
    }

    internal static string DecodeBase64(string value, string path)
    {
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var written))
            throw new SpecException(path, "is not base64 (encode the PEM text with base64)");
        return Encoding.UTF8.GetString(buffer, 0, written);
    }
}
