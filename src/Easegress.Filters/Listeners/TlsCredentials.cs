using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.Listeners;

/// <summary>A server certificate with its private key, and the intermediate certificates sent along with it.</summary>
public sealed record ServerCertificate(X509Certificate2 Certificate, X509Certificate2Collection Intermediates);

/// <summary>
/// What a TLS listener presents and demands: server certificates chosen by the name the client asks for (SNI), and
/// optionally the authorities client certificates must chain to. Only TLS 1.2 and 1.3 are offered. Immutable; a
/// listener reads the current one at every handshake (see <see cref="ListenerTls"/>).
/// </summary>
public sealed class TlsCredentials : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly ServerCertificate[] _certificates;
    private readonly SslStreamCertificateContext[] _contexts;
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _byWildcard = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2Collection? _clientAuthorities;
    private readonly RemoteCertificateValidationCallback? _validateClient;

    /// <param name="certificates">At least one; the first is the answer for a name no certificate covers.</param>
    /// <param name="clientAuthorities">When given, clients must present a certificate issued under one of these.</param>
    public TlsCredentials(IReadOnlyList<ServerCertificate> certificates, X509Certificate2Collection? clientAuthorities)
    {
        if (certificates.Count == 0) throw new ArgumentException("at least one certificate is needed", nameof(certificates));
        _certificates = certificates.ToArray();
        _contexts = _certificates.Select(c => SslStreamCertificateContext.Create(c.Certificate, c.Intermediates, offline: true)).ToArray();
        for (var i = 0; i < _certificates.Length; i++)
        {
            foreach (var name in NamesOf(_certificates[i].Certificate))
            {
                if (name.StartsWith("*.", StringComparison.Ordinal)) _byWildcard.TryAdd(name[2..], i);
                else _byName.TryAdd(name.TrimEnd('.'), i);
            }
        }
        if (clientAuthorities is { Count: > 0 })
        {
            _clientAuthorities = clientAuthorities;
            _validateClient = (stream, certificate, chain, _) =>
            {
                if (!IsTrustedClient(certificate, chain)) return false;
                PeerCertificates.Remember(stream, certificate!, chain);
                return true;
            };
        }
    }

    public IReadOnlyList<ServerCertificate> Certificates => _certificates;
    public bool RequiresClientCertificate => _clientAuthorities is not null;

    /// <summary>The certificate for <paramref name="serverName"/>: one naming it exactly (DNS SAN, else CN), else one
    /// whose wildcard covers it (<c>*.example.com</c> covers one label), else the first.</summary>
    public X509Certificate2 Select(string? serverName) => _certificates[IndexFor(serverName)].Certificate;

    /// <summary>The options of one handshake; ALPN is left to the listener (it knows its protocols).</summary>
    public SslServerAuthenticationOptions ServerOptionsFor(string? serverName) => new()
    {
        ServerCertificateContext = _contexts[IndexFor(serverName)],
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = RequiresClientCertificate,
        RemoteCertificateValidationCallback = _validateClient,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>True when the client's certificate chains to one of the client authorities, is valid now and may
    /// authenticate clients. <paramref name="presented"/> supplies the intermediates the client sent.</summary>
    public bool IsTrustedClient(X509Certificate? certificate, X509Chain? presented)
    {
        if (_clientAuthorities is null || certificate is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
            foreach (var element in presented.ChainElements.Skip(1)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try { return chain.Build(leaf); }
        finally { if (!ReferenceEquals(leaf, certificate)) leaf.Dispose(); }
    }

    private int IndexFor(string? serverName)
    {
        if (_certificates.Length == 1 || string.IsNullOrEmpty(serverName)) return 0;
        var name = serverName.TrimEnd('.');
        if (_byName.TryGetValue(name, out var exact)) return exact;
        var dot = name.IndexOf('.');
        return dot > 0 && _byWildcard.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name.AsSpan(dot + 1), out var wildcard) ? wildcard : 0;
    }

    private static IEnumerable<string> NamesOf(X509Certificate2 certificate)
    {
        var dnsNames = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        if (dnsNames.Count > 0) return dnsNames;
        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(commonName) ? [] : [commonName];
    }

    public void Dispose()
    {
        foreach (var certificate in _certificates)
        {
            certificate.Certificate.Dispose();
            foreach (var intermediate in certificate.Intermediates) intermediate.Dispose();
        }
        foreach (var authority in _clientAuthorities ?? []) authority.Dispose();
    }
}
