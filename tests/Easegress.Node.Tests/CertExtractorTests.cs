using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>CertExtractor over real mutual TLS: fields of the certificates the client presented reach the backend.</summary>
public sealed class CertExtractorTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>, IDisposable
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private readonly X509Certificate2 _server = TestCertificates.Server("site", ["site.test"]);
    private readonly X509Certificate2 _root = Issue("CN=clients root, O=Root Org", null, authority: true);
    private readonly List<X509Certificate2> _made = [];

    private static X509Certificate2 Issue(string subject, X509Certificate2? issuer, bool authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(authority, false, 0, true));
        request.CertificateExtensions.Add(authority
            ? new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true)
            : new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        if (!authority) request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (authority) request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (from, to) = (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        if (issuer is null) return request.CreateSelfSigned(from, to);
        using var issued = request.Create(issuer, from, to, RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    private X509Certificate2 Made(X509Certificate2 certificate)
    {
        _made.Add(certificate);
        return certificate;
    }

    private static string Extractor(string name, int index, string target, string field, string? header) => $"""
        - name: {name}
          kind: CertExtractor
          certIndex: {index}
          target: {target}
          field: {field}
        {(header is null ? "" : $"  headerKey: {header}")}
        """;

    [Fact]
    public async Task Fields_of_the_presented_certificates_become_request_headers()
    {
        var intermediate = Made(Issue("CN=clients intermediate, O=Intermediate Org, C=NL", _root, authority: true));
        var leaf = Made(Issue("CN=alice, OU=Eng, OU=Ops, O=Acme, L=Berlin, C=DE", intermediate, authority: false));

        var pipeline = traffic.NewName("cert-extract");
        await traffic.CreateAsync($"""
            name: {pipeline}
            kind: Pipeline
            filters:
            {Extractor("cn", 0, "subject", "CommonName", "X-Client-CN")}
            {Extractor("ou", 0, "subject", "OrganizationalUnit", "X-Client-OU")}
            {Extractor("issuer", 0, "issuer", "CommonName", null)}
            {Extractor("last", -1, "subject", "Organization", "X-Last-O")}
            {Extractor("second", 1, "subject", "Country", "X-Second-C")}
            {Extractor("wrapped", 2, "subject", "Locality", "X-Wrapped-L")}
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {traffic.Backend.Url}
            """);
        var rules = $"""
            rules:
            - paths:
              - pathPrefix: /cert/
                backend: {pipeline}
            """;
        var port = await traffic.StartServerAsync(traffic.NewName("cert-mtls"), $"""
            https: true
            certBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(_server))}
            keyBase64: {TestCertificates.Base64(TestCertificates.KeyPem(_server))}
            caCertBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(_root))}
            {rules}
            """);
        var plainPort = await traffic.StartServerAsync(traffic.NewName("cert-plain"), rules);

        using (var tcp = await RawHttp.ConnectAsync(port))
        await using (var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true))
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "site.test",
                // the client sends its intermediate along, as Go's PeerCertificates would list it
                ClientCertificateContext = SslStreamCertificateContext.Create(leaf, [intermediate], offline: true),
            });
            Assert.StartsWith("HTTP/1.1 200", await RawHttp.SendAsync(tls, "GET /cert/mtls HTTP/1.1\r\nHost: site.test\r\nX-Client-CN: mallory\r\n\r\n"));
        }
        using (var tcp = await RawHttp.ConnectAsync(plainPort))
            Assert.StartsWith("HTTP/1.1 200", await RawHttp.SendAsync(tcp.GetStream(), "GET /cert/plain HTTP/1.1\r\nHost: site.test\r\nX-Client-CN: mallory\r\n\r\n"));

        var mtls = Assert.Single(traffic.Backend.Received, r => r.Path == "/cert/mtls").Headers;
        Assert.Equal("alice", mtls["X-Client-CN"]);                  // the forged value is gone
        // both values, in the order the certificate holds them (a DN string lists them the other way round)
        Assert.Equal("Ops,Eng", mtls["X-Client-OU"].Replace(" ", ""));
        Assert.Equal("clients intermediate", mtls["tls-issuer-CommonName"]);
        Assert.Equal("Intermediate Org", mtls["X-Last-O"]);           // -1: the last certificate presented
        Assert.Equal("NL", mtls["X-Second-C"]);
        Assert.Equal("Berlin", mtls["X-Wrapped-L"]);                  // 2 wraps round to the first of two

        var plain = Assert.Single(traffic.Backend.Received, r => r.Path == "/cert/plain").Headers;
        Assert.False(plain.ContainsKey("X-Client-CN"));              // no certificate, and nothing forged passes
        Assert.False(plain.ContainsKey("tls-issuer-CommonName"));
    }

    public void Dispose()
    {
        foreach (var c in _made.Append(_server).Append(_root)) c.Dispose();
    }
}
