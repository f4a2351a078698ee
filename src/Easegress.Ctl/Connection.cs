using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Easegress.Ctl;

/// <summary>How egctl reaches the admin API: the server (from <c>--server</c>, else the egctl config's current context,
/// else localhost:2381), TLS (<c>--force-tls</c>, <c>--insecure-skip-verify</c>, the context's CA), and the context's
/// user (basic authentication or a client certificate).</summary>
internal sealed class Connection
{
    private Connection(Uri server, HttpMessageHandler handler, AuthenticationHeaderValue? authorization)
    {
        Server = server;
        Handler = handler;
        Authorization = authorization;
    }

    public Uri Server { get; }
    public HttpMessageHandler Handler { get; }
    public AuthenticationHeaderValue? Authorization { get; }

    public static Connection Resolve(string? serverFlag, bool forceTls, bool insecureSkipVerify, EgctlConfig? config)
    {
        var (cluster, user) = config?.Current() ?? (null, null);
        var server = ServerAddress.Parse(serverFlag ?? (cluster?.Server is { Length: > 0 } s ? s : ServerAddress.Default));
        if (forceTls && server.Scheme == Uri.UriSchemeHttp) server = new UriBuilder(server) { Scheme = Uri.UriSchemeHttps, Port = server.Port }.Uri;

        var tls = new SslClientAuthenticationOptions();
        if (insecureSkipVerify)
            tls.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        else if (Authority(cluster) is { } ca)
            tls.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(certificate, ca, errors);
        if (ClientCertificate(user) is { } clientCertificate) tls.ClientCertificates = [clientCertificate];

        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), SslOptions = tls };
        AuthenticationHeaderValue? authorization = user?.Username is { Length: > 0 } name
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{user.Password}")))
            : null;
        return new Connection(server, handler, authorization);
    }

    private static X509Certificate2? Authority(EgctlConfig.ClusterSpec? cluster)
    {
        if (cluster is null) return null;
        try
        {
            if (cluster.CertificateAuthorityData is { Length: > 0 } data)
                return X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(data)));
            if (cluster.CertificateAuthority is { Length: > 0 } file) return X509Certificate2.CreateFromPem(File.ReadAllText(file));
            return null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IOException)
        {
            throw new CtlException($"egctl config: the cluster's certificate-authority cannot be read: {e.Message}");
        }
    }

    private static X509Certificate2? ClientCertificate(EgctlConfig.UserSpec? user)
    {
        if (user is null) return null;
        try
        {
            if (user.ClientCertificateData is { Length: > 0 } cert && user.ClientKeyData is { Length: > 0 } key)
                return Usable(X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(cert)),
                    Encoding.UTF8.GetString(Convert.FromBase64String(key))));
            if (user.ClientCertificate is { Length: > 0 } certFile && user.ClientKey is { Length: > 0 } keyFile)
                return Usable(X509Certificate2.CreateFromPemFile(certFile, keyFile));
            return null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IOException)
        {
            throw new CtlException($"egctl config: the user's client certificate cannot be read: {e.Message}");
        }
    }

    /// <summary>A PEM-loaded key is ephemeral; TLS wants one it can use on every platform.</summary>
    private static X509Certificate2 Usable(X509Certificate2 pem)
    {
        using (pem) return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static bool TrustedBy(X509Certificate? certificate, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if (certificate is null) return false;
        if (errors == SslPolicyErrors.None) return true;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
    }
}
