using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>HTTPServer with https: certificates chosen by SNI, HTTP/2 by ALPN, client certificates, live certificate updates.</summary>
public sealed class HttpServerTlsTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>, IDisposable
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private readonly X509Certificate2 _siteA = TestCertificates.Server("site-a", ["a.test"]);
    private readonly X509Certificate2 _siteB = TestCertificates.Server("site-b", ["*.b.test"]);
    private readonly X509Certificate2 _clientAuthority = TestCertificates.Authority("clients");
    private readonly X509Certificate2 _otherAuthority = TestCertificates.Authority("others");

    private static string Certificates(params (string Name, X509Certificate2 Certificate)[] pairs) =>
        "certs:\n" + string.Concat(pairs.Select(p => $"  {p.Name}: {TestCertificates.Block(TestCertificates.CertificatePem(p.Certificate), 4)}\n"))
        + "keys:\n" + string.Concat(pairs.Select(p => $"  {p.Name}: {TestCertificates.Block(TestCertificates.KeyPem(p.Certificate), 4)}\n"));

    private const string Rules = """
        rules:
        - paths:
          - pathPrefix: /api/
            backend: to-backend
        """;

    /// <summary>A client that connects to the port whatever the host, so the URL's host is the SNI name; it records the
    /// thumbprint of every server certificate it is shown.</summary>
    private static HttpClient Client(int port, Version version, List<string> seen, X509Certificate2? clientCertificate = null) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, port, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    lock (seen) seen.Add(certificate!.GetCertHashString());
                    return true;
                },
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate!,
            },
        })
        {
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };

    [Fact]
    public async Task Certificates_are_chosen_by_SNI_and_HTTP2_is_negotiated()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("tls-sni"), $"""
            https: true
            {Certificates(("a", _siteA), ("b", _siteB))}
            {Rules}
            """);
        var seen = new List<string>();

        using (var h2 = Client(port, HttpVersion.Version20, seen))
        {
            var a = await h2.GetAsync($"https://a.test:{port}/api/sni");
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
            Assert.Equal(HttpVersion.Version20, a.Version);
            Assert.Equal("backend: ", await a.Content.ReadAsStringAsync());
            Assert.Equal(_siteA.Thumbprint, seen[^1]);

            Assert.Equal(HttpStatusCode.OK, (await h2.GetAsync($"https://www.b.test:{port}/api/sni")).StatusCode);
            Assert.Equal(_siteB.Thumbprint, seen[^1]);

            Assert.Equal(HttpStatusCode.OK, (await h2.GetAsync($"https://unknown.test:{port}/api/sni")).StatusCode);
            Assert.Equal(_siteA.Thumbprint, seen[^1]);   // no certificate names it: the first
        }

        using var h1 = Client(port, HttpVersion.Version11, seen);
        var plain = await h1.GetAsync($"https://x.b.test:{port}/api/sni");
        Assert.Equal(HttpVersion.Version11, plain.Version);
        Assert.Equal(_siteB.Thumbprint, seen[^1]);
    }

    [Fact]
    public async Task Client_certificates_are_required_and_checked_against_caCertBase64()
    {
        var port = await traffic.StartServerAsync(traffic.NewName("tls-mutual"), $"""
            https: true
            certBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(_siteA))}
            keyBase64: {TestCertificates.Base64(TestCertificates.KeyPem(_siteA))}
            caCertBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(_clientAuthority))}
            {Rules}
            """);
        using var trusted = TestCertificates.Client("alice", _clientAuthority);
        using var foreign = TestCertificates.Client("mallory", _otherAuthority);
        var seen = new List<string>();

        using (var accepted = Client(port, HttpVersion.Version20, seen, trusted))
            Assert.Equal(HttpStatusCode.OK, (await accepted.GetAsync($"https://a.test:{port}/api/mtls")).StatusCode);
        using (var anonymous = Client(port, HttpVersion.Version11, seen))
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => anonymous.GetAsync($"https://a.test:{port}/api/mtls"));
        using (var rejected = Client(port, HttpVersion.Version11, seen, foreign))
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => rejected.GetAsync($"https://a.test:{port}/api/mtls"));
    }

    [Fact]
    public async Task Changing_only_certificates_keeps_the_listener_and_its_open_connections()
    {
        var name = traffic.NewName("tls-rotate");
        var port = await traffic.StartServerAsync(name, $"""
            https: true
            {Certificates(("a", _siteA))}
            {Rules}
            """);
        using var tcp = await RawHttp.ConnectAsync(port);
        await using var open = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await open.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "a.test" });
        Assert.Equal(_siteA.Thumbprint, open.RemoteCertificate!.GetCertHashString());
        Assert.StartsWith("HTTP/1.1 404", await RawHttp.GetAsync(open, "/", "nowhere.test"));

        using var renewed = TestCertificates.Server("site-a-renewed", ["a.test"]);
        await traffic.UpdateAsync(name, $"""
            name: {name}
            kind: HTTPServer
            port: {port}
            https: true
            {Certificates(("a", renewed))}
            {Rules}
            """);
        await Eventually.TrueAsync(async () =>
        {
            var seen = new List<string>();
            using var fresh = Client(port, HttpVersion.Version11, seen);
            await fresh.GetAsync($"https://a.test:{port}/");
            return seen[^1] == renewed.Thumbprint;
        }, "new connections do not get the renewed certificate");

        // the connection opened before the update is still served
        Assert.StartsWith("HTTP/1.1 404", await RawHttp.GetAsync(open, "/", "nowhere.test"));
    }

    public void Dispose()
    {
        foreach (var c in new[] { _siteA, _siteB, _clientAuthority, _otherAuthority }) c.Dispose();
    }
}
