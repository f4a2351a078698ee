using Easegress.Specs;
using Easegress.Listeners;

namespace Easegress.Objects.HTTPServer;

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
            var authorities = PemMaterial.ReadAuthorities(spec.CaCertBase64, SpecException.Join(path, "caCertBase64"));
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
        var certPem = PemMaterial.DecodeBase64(spec.CertBase64!, certPath);
        var keyPem = PemMaterial.DecodeBase64(spec.KeyBase64!, SpecException.Join(path, "keyBase64"));
        certificates.Add(PemMaterial.LoadPair(certPem, keyPem, certPath, "keyBase64"));
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
            certificates.Add(PemMaterial.LoadPair(PemMaterial.PemOrBase64(cert), PemMaterial.PemOrBase64(key), certPath, $"keys.{name}"));
        }
    }
}
