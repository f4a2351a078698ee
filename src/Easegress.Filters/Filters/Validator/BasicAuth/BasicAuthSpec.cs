using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Easegress.Specs;

namespace Easegress.Filters.Validator;

/// <summary>
/// The <c>basicAuth</c> block of a Validator: where the users come from. <c>FILE</c> reads an htpasswd file
/// (<c>userFile</c>, default <c>/etc/apache2/.htpasswd</c>); <c>LDAP</c> binds to a directory as the user.
/// Easegress's <c>ETCD</c> mode reads its users from custom data, which this implementation does not have.
/// </summary>
public sealed class BasicAuthSpec : IValidatedSpec
{
    public const string FileMode = "FILE";
    public const string LdapMode = "LDAP";
    public const string DefaultUserFile = "/etc/apache2/.htpasswd";

    public string Mode { get; set; } = "";
    public string? UserFile { get; set; }
    public string? EtcdPrefix { get; set; }
    public LdapSpec? Ldap { get; set; }

    public void Validate(string path)
    {
        switch (Mode)
        {
            case FileMode:
                break;
            case LdapMode:
                if (Ldap is null) throw new SpecException(SpecException.Join(path, "ldap"), "is required in LDAP mode");
                break;
            case "ETCD":
                throw new SpecException(SpecException.Join(path, "mode"), "ETCD is not supported (there is no custom data); use FILE or LDAP");
            default:
                throw new SpecException(SpecException.Join(path, "mode"), $"must be FILE or LDAP, not '{Mode}'");
        }
    }
}

/// <summary>
/// The directory of <c>basicAuth</c> in LDAP mode. A user is authenticated by binding as
/// <c>{uid}={user name},{baseDN}</c> with the password given. The connection is LDAPS when <c>useSSL</c>, else
/// plain LDAP upgraded with StartTLS unless <c>skipTLS</c>. <c>insecure</c> accepts any server certificate;
/// <c>serverName</c> is the name the certificate must carry (default <c>host</c>); <c>certBase64</c>/<c>keyBase64</c>
/// are a client certificate (base64 of PEM) for servers that ask for one.
/// </summary>
public sealed class LdapSpec : IValidatedSpec
{
    [RequiredField] public string Host { get; set; } = "";
    [RequiredField] public int Port { get; set; }
    [RequiredField, SpecField("baseDN")] public string BaseDN { get; set; } = "";
    [RequiredField, SpecField("uid")] public string Uid { get; set; } = "";
    [SpecField("useSSL")] public bool UseSSL { get; set; }
    [SpecField("skipTLS")] public bool SkipTLS { get; set; }
    public bool Insecure { get; set; }
    public string? ServerName { get; set; }
    public string? CertBase64 { get; set; }
    public string? KeyBase64 { get; set; }

    public void Validate(string path)
    {
        if (Host.Length == 0) throw new SpecException(SpecException.Join(path, "host"), "must not be empty");
        if (Port is <= 0 or > 65535) throw new SpecException(SpecException.Join(path, "port"), "must be between 1 and 65535");
        if (BaseDN.Length == 0) throw new SpecException(SpecException.Join(path, "baseDN"), "must not be empty");
        if (Uid.Length == 0) throw new SpecException(SpecException.Join(path, "uid"), "must not be empty");
        if (string.IsNullOrEmpty(CertBase64) != string.IsNullOrEmpty(KeyBase64))
            throw new SpecException(SpecException.Join(path, string.IsNullOrEmpty(CertBase64) ? "certBase64" : "keyBase64"),
                "certBase64 and keyBase64 go together");
        ClientCertificate(path)?.Dispose();
    }

    /// <summary>The client certificate of <c>certBase64</c>/<c>keyBase64</c> with its key; null when there is none.</summary>
    internal X509Certificate2? ClientCertificate(string path = "ldap")
    {
        if (string.IsNullOrEmpty(CertBase64) || string.IsNullOrEmpty(KeyBase64)) return null;
        var certPem = Decode(CertBase64, SpecException.Join(path, "certBase64"));
        var keyPem = Decode(KeyBase64, SpecException.Join(path, "keyBase64"));
        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
            // SslStream on some platforms cannot use an ephemeral key; a PKCS#12 round trip gives a usable one
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new SpecException(SpecException.Join(path, "certBase64"), $"cannot be used with the private key in keyBase64: {e.Message}");
        }
    }

    private static string Decode(string base64, string path)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
            throw new SpecException(path, "is not base64 (encode the PEM text with base64)");
        return Encoding.UTF8.GetString(buffer, 0, written);
    }
}
