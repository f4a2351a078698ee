using System.Security.Cryptography.X509Certificates;
using Easegress.Specs;
using Easegress.Listeners;

namespace Easegress.Filters.Proxy;

/// <summary>The Proxy's <c>mtls</c>: the client certificate it shows to <c>https</c> backends, and the roots it trusts.</summary>
public sealed class MtlsSpec : IValidatedSpec
{
    /// <summary>Base64 of the PEM client certificate (optionally followed by its intermediates).</summary>
    [RequiredField] public string CertBase64 { get; set; } = "";
    /// <summary>Base64 of the PEM private key of <see cref="CertBase64"/>.</summary>
    [RequiredField] public string KeyBase64 { get; set; } = "";
    /// <summary>Base64 of the PEM certificates a backend's certificate must chain to.</summary>
    [RequiredField] public string RootCertBase64 { get; set; } = "";
    /// <summary>Skip verifying the backend's certificate (the client certificate is still shown).</summary>
    public bool InsecureSkipVerify { get; set; }

    public void Validate(string path)
    {
        var credentials = Load(path);
        credentials.Client.Certificate.Dispose();
        foreach (var root in credentials.Roots) root.Dispose();
    }

    /// <summary>Reads the certificates; a <see cref="SpecException"/> names the field that does not hold one.</summary>
    internal (ServerCertificate Client, X509Certificate2Collection Roots) Load(string path)
    {
        var certPath = SpecException.Join(path, "certBase64");
        var certPem = PemMaterial.DecodeBase64(CertBase64, certPath);
        var keyPem = PemMaterial.DecodeBase64(KeyBase64, SpecException.Join(path, "keyBase64"));
        var roots = PemMaterial.ReadAuthorities(RootCertBase64, SpecException.Join(path, "rootCertBase64"))
            ?? throw new SpecException(SpecException.Join(path, "rootCertBase64"), "is required");
        return (PemMaterial.LoadPair(certPem, keyPem, certPath, "keyBase64"), roots);
    }
}
