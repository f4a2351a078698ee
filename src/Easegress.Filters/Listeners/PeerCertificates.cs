using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http;

namespace Easegress.Listeners;

/// <summary>The names of one certificate a TLS client presented.</summary>
public sealed record PeerCertificate(X500DistinguishedName Subject, X500DistinguishedName Issuer);

/// <summary>
/// The certificates each TLS client presented, as Go's <c>tls.ConnectionState.PeerCertificates</c>: its own first,
/// then the intermediates it sent, in order. Recorded by the listener when it accepts a client certificate, kept as
/// long as the connection's TLS stream lives.
/// </summary>
public static class PeerCertificates
{
    private static readonly ConditionalWeakTable<object, PeerCertificate[]> Presented = new();

    /// <summary>Records what the client of <paramref name="tlsStream"/> presented: <paramref name="leaf"/> and the
    /// certificates it sent along (in <paramref name="chain"/>'s extra store).</summary>
    public static void Remember(object tlsStream, X509Certificate leaf, X509Chain? chain)
    {
        using var own = X509CertificateLoader.LoadCertificate(leaf.GetRawCertData());
        var presented = new List<PeerCertificate> { Names(own) };
        foreach (var sent in chain?.ChainPolicy.ExtraStore ?? [])
            if (sent.Thumbprint != own.Thumbprint) presented.Add(Names(sent));
        Presented.AddOrUpdate(tlsStream, presented.ToArray());
    }

    /// <summary>What the client of <paramref name="http"/> presented; empty without a client certificate.</summary>
    public static IReadOnlyList<PeerCertificate> Of(HttpContext http)
    {
        if (http.Features.Get<ISslStreamFeature>()?.SslStream is { } stream && Presented.TryGetValue(stream, out var presented))
            return presented;
        return http.Connection.ClientCertificate is { } leaf ? [Names(leaf)] : [];
    }

    private static PeerCertificate Names(X509Certificate2 certificate) =>
        new(new X500DistinguishedName(certificate.SubjectName.RawData), new X500DistinguishedName(certificate.IssuerName.RawData));
}
