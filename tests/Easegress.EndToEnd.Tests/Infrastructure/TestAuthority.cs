using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>A throwaway certificate authority that issues RSA certificates and writes them as PEM files into its own
/// temporary directory (removed on dispose).</summary>
public sealed class TestAuthority : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestAuthority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CaFile = Write("ca.pem", Certificate.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("eg-ca-").FullName;
    public string CaFile { get; }

    /// <summary>A certificate for <paramref name="subject"/>; <paramref name="server"/> adds 127.0.0.1 as its address and
    /// server authentication, <paramref name="client"/> client authentication.</summary>
    public X509Certificate2 Issue(string subject, bool server, bool client)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }
        var usages = new OidCollection();
        if (server) usages.Add(ServerAuth);
        if (client) usages.Add(ClientAuth);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Issues a certificate and writes it and its key as <c>NAME.pem</c> and <c>NAME-key.pem</c>.</summary>
    public (string CertFile, string KeyFile) IssueFiles(string name, string subject, bool server, bool client)
    {
        using var certificate = Issue(subject, server, client);
        return (Write($"{name}.pem", certificate.ExportCertificatePem()),
                Write($"{name}-key.pem", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem()));
    }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
