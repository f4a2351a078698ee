using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Easegress.Specs;

namespace Easegress.Listeners;

/// <summary>
/// Certificates and keys as Easegress specs give them (PEM text, or base64 of PEM), read into what TLS needs: a
/// certificate with its private key and intermediates, or a set of authorities. Anything unreadable is a
/// <see cref="SpecException"/> naming the field.
/// </summary>
internal static class PemMaterial
{
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
    internal static string PemOrBase64(string value)
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
