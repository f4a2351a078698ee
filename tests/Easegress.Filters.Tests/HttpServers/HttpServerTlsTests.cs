using System.Security.Cryptography.X509Certificates;
using Easegress.Objects.HTTPServer;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.HttpServers;

/// <summary>https: certBase64/keyBase64, certs/keys and caCertBase64 read as Easegress reads them, refused with the field named.</summary>
public sealed class HttpServerTlsTests : IDisposable
{
    private readonly X509Certificate2 _site = TestCertificates.Server("site", ["site.test"]);
    private readonly X509Certificate2 _other = TestCertificates.Server("other", ["other.test"]);
    private readonly X509Certificate2 _authority = TestCertificates.Authority("clients");

    private static HttpServerSpec Spec(string yaml) => TestSpecs.Object<HttpServerSpec>($"""
        name: server
        kind: HTTPServer
        port: 443
        https: true
        {yaml}
        """);

    private static string Error(string yaml) => Assert.Throws<SpecException>(() => Spec(yaml)).Message;

    private string SiteCert => TestCertificates.CertificatePem(_site);
    private string SiteKey => TestCertificates.KeyPem(_site);

    private static string Pairs(params (string Name, string Cert, string Key)[] pairs) =>
        "certs:\n" + string.Concat(pairs.Select(p => $"  {p.Name}: {TestCertificates.Block(p.Cert, 4)}\n"))
        + "keys:\n" + string.Concat(pairs.Select(p => $"  {p.Name}: {TestCertificates.Block(p.Key, 4)}\n"));

    [Fact]
    public void The_base64_pair_comes_first_then_the_named_pairs_in_the_order_written()
    {
        var spec = Spec($"""
            certBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(_other))}
            keyBase64: {TestCertificates.Base64(TestCertificates.KeyPem(_other))}
            {Pairs(("site", SiteCert, SiteKey))}
            """);

        using var credentials = HttpServerTls.Build(spec, "");

        Assert.Equal([_other.Thumbprint, _site.Thumbprint], credentials.Certificates.Select(c => c.Certificate.Thumbprint));
        Assert.True(credentials.Certificates[0].Certificate.HasPrivateKey);
        Assert.False(credentials.RequiresClientCertificate);
    }

    [Fact]
    public void Named_pairs_may_be_base64_of_PEM_too()
    {
        var spec = Spec($"""
            certs: {"{"}site: {TestCertificates.Base64(SiteCert)}{"}"}
            keys: {"{"}site: {TestCertificates.Base64(SiteKey)}{"}"}
            """);

        using var credentials = HttpServerTls.Build(spec, "");

        Assert.Equal(_site.Thumbprint, credentials.Select("site.test").Thumbprint);
    }

    [Fact]
    public void Intermediates_after_the_certificate_are_kept_and_a_CA_requires_client_certificates()
    {
        using var leaf = TestCertificates.Server("leaf", ["leaf.test"], _authority);
        var spec = Spec($"""
            {Pairs(("leaf", TestCertificates.CertificatePem(leaf) + "\n" + TestCertificates.CertificatePem(_authority), TestCertificates.KeyPem(leaf)))}
            caCertBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(_authority))}
            """);

        using var credentials = HttpServerTls.Build(spec, "");

        Assert.Equal(leaf.Thumbprint, credentials.Certificates[0].Certificate.Thumbprint);
        Assert.Equal(_authority.Thumbprint, Assert.Single(credentials.Certificates[0].Intermediates).Thumbprint);
        Assert.True(credentials.RequiresClientCertificate);
    }

    [Fact]
    public void Certificates_are_only_read_when_https_is_on()
    {
        var spec = TestSpecs.Object<HttpServerSpec>("""
            name: server
            kind: HTTPServer
            port: 80
            https: false
            certBase64: not-read
            """);

        Assert.False(spec.Https);
    }

    [Fact]
    public void Bad_certificates_and_keys_are_refused_naming_the_field()
    {
        Assert.Equal("keyBase64: is required with certBase64", Error($"certBase64: {TestCertificates.Base64(SiteCert)}"));
        Assert.Equal("certBase64: is required with keyBase64", Error($"keyBase64: {TestCertificates.Base64(SiteKey)}"));
        Assert.Equal("certBase64: is not base64 (encode the PEM text with base64)", Error($"certBase64: '{SiteCert.ReplaceLineEndings("")}'\nkeyBase64: {TestCertificates.Base64(SiteKey)}"));
        Assert.Equal("certBase64: holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            Error($"certBase64: {TestCertificates.Base64("hello")}\nkeyBase64: {TestCertificates.Base64(SiteKey)}"));
        Assert.StartsWith("certs.site: cannot be used with the private key in keys.site: ",
            Error(Pairs(("site", SiteCert, TestCertificates.KeyPem(_other)))));
        Assert.StartsWith("certs.site: cannot be used with the private key in keys.site: ",
            Error(Pairs(("site", SiteCert, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))));
        Assert.Equal("certs.site: has no private key: add keys.site",
            Error($"certs: {"{"}site: {TestCertificates.Base64(SiteCert)}{"}"}"));
        Assert.Equal("keys.stray: has no certificate of the same name in certs",
            Error(Pairs(("site", SiteCert, SiteKey)) + $"  stray: {TestCertificates.Base64(SiteKey)}"));
        Assert.Equal("caCertBase64: holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
            Error(Pairs(("site", SiteCert, SiteKey)) + $"caCertBase64: {TestCertificates.Base64("nothing")}"));
        Assert.Equal("caCertBase64: is not base64 (encode the PEM text with base64)",
            Error(Pairs(("site", SiteCert, SiteKey)) + "caCertBase64: '%%%'"));
    }

    public void Dispose()
    {
        _site.Dispose();
        _other.Dispose();
        _authority.Dispose();
    }
}
