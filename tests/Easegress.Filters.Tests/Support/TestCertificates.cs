using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.Filters.Tests.Support;

/// <summary>Certificates made on the fly with <see cref="CertificateRequest"/> (ECDSA P-256); no key is ever checked in.</summary>
internal static class TestCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A self-signed certificate authority.</summary>
    public static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(365));
    }

    /// <summary>A server certificate for <paramref name="dnsNames"/> (none: the common name only), issued by
    /// <paramref name="issuer"/> or self-signed.</summary>
    public static X509Certificate2 Server(string commonName, string[] dnsNames, X509Certificate2? issuer = null,
        System.Net.IPAddress[]? addresses = null) =>
        Leaf(commonName, dnsNames, ServerAuthentication, issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), addresses);

    public static X509Certificate2 Client(string commonName, X509Certificate2 issuer, bool expired = false, bool forServersOnly = false) =>
        Leaf(commonName, [], forServersOnly ? ServerAuthentication : ClientAuthentication, issuer,
            DateTimeOffset.UtcNow.AddDays(expired ? -10 : -1), DateTimeOffset.UtcNow.AddDays(expired ? -2 : 30));

    private static X509Certificate2 Leaf(string commonName, string[] dnsNames, Oid usage, X509Certificate2? issuer,
        DateTimeOffset notBefore, DateTimeOffset notAfter, System.Net.IPAddress[]? addresses = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (dnsNames.Length > 0 || addresses is { Length: > 0 })
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames) names.AddDnsName(name);
            foreach (var address in addresses ?? []) names.AddIpAddress(address);
            request.CertificateExtensions.Add(names.Build());
        }
        if (issuer is null) return request.CreateSelfSigned(notBefore, notAfter);
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(issuer, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    public static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A YAML block scalar holding <paramref name="text"/>, indented for a map value at <paramref name="indent"/>.</summary>
    public static string Block(string text, int indent) =>
        "|\n" + string.Join("\n", text.TrimEnd().Split('\n').Select(line => new string(' ', indent) + line));
}
