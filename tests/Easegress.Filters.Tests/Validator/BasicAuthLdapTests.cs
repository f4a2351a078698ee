using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;
using static Easegress.Filters.Tests.Validator.BasicAuthRequests;

namespace Easegress.Filters.Tests.Validator;

/// <summary>basicAuth in LDAP mode against a real slapd: plain LDAP, StartTLS and LDAPS.</summary>
public sealed class BasicAuthLdapTests : IClassFixture<BasicAuthLdapTests.Server>
{
    public sealed class Server : IDisposable
    {
        internal PrivateSlapd Slapd { get; } = new();
        public void Dispose() => Slapd.Dispose();
    }

    private readonly PrivateSlapd _slapd;

    public BasicAuthLdapTests(Server server) => _slapd = server.Slapd;

    private static IFilter Create(int port, string tls) => TestSpecs.Create(TestSpecs.Filter<ValidatorSpec>($$"""
        name: v
        kind: Validator
        basicAuth:
          mode: LDAP
          ldap: {host: 127.0.0.1, port: {{port}}, baseDN: "{{PrivateSlapd.BaseDN}}", uid: uid, {{tls}}}
        """));

    [Fact]
    public void Plain_ldap_binds_as_the_user()
    {
        using var filter = Create(_slapd.Port, "skipTLS: true");
        AssertPasses(filter, "alice", PrivateSlapd.AlicePassword);
        AssertRefused(filter, "alice", "wrong");                       // tampered
        AssertRefused(filter, "alice", "");                            // an anonymous bind would succeed
        AssertRefused(filter, "mallory", PrivateSlapd.AlicePassword);  // no such user
        AssertRefused(filter, "alice,ou=people", PrivateSlapd.AlicePassword);   // DN injection is escaped
        AssertRefused(filter, "*", PrivateSlapd.AlicePassword);
    }

    [Fact]
    public void StartTls_and_ldaps_check_the_server_certificate_unless_insecure()
    {
        using (var startTls = Create(_slapd.Port, "insecure: true"))
        {
            AssertPasses(startTls, "alice", PrivateSlapd.AlicePassword);
            AssertRefused(startTls, "alice", "wrong");
        }
        using (var ldaps = Create(_slapd.SecurePort, "useSSL: true, insecure: true"))
            AssertPasses(ldaps, "alice", PrivateSlapd.AlicePassword);

        // the server's certificate is self-signed: without insecure the handshake fails and nobody gets in
        using (var verified = Create(_slapd.Port, "serverName: localhost"))
            AssertRefused(verified, "alice", PrivateSlapd.AlicePassword);
        using (var verifiedLdaps = Create(_slapd.SecurePort, "useSSL: true"))
            AssertRefused(verifiedLdaps, "alice", PrivateSlapd.AlicePassword);
        // LDAPS spoken to the plain port is no handshake at all
        using (var wrongPort = Create(_slapd.Port, "useSSL: true, insecure: true"))
            AssertRefused(wrongPort, "alice", PrivateSlapd.AlicePassword);
    }

    [Fact]
    public void A_client_certificate_is_presented_when_the_directory_demands_one()
    {
        using var authority = TestCertificates.Authority("ldap-clients");
        using var client = TestCertificates.Client("gateway", authority);
        using var others = TestCertificates.Authority("others");
        using var stranger = TestCertificates.Client("stranger", others);
        using var slapd = new PrivateSlapd(clientAuthority: authority);
        string Pair(X509Certificate2 c) =>
            $"certBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(c))}, keyBase64: {TestCertificates.Base64(TestCertificates.KeyPem(c))}";

        using (var withCertificate = Create(slapd.SecurePort, $"useSSL: true, insecure: true, {Pair(client)}"))
            AssertPasses(withCertificate, "alice", PrivateSlapd.AlicePassword);
        using (var startTls = Create(slapd.Port, $"insecure: true, {Pair(client)}"))
            AssertPasses(startTls, "alice", PrivateSlapd.AlicePassword);
        using (var without = Create(slapd.SecurePort, "useSSL: true, insecure: true"))
            AssertRefused(without, "alice", PrivateSlapd.AlicePassword);
        using (var foreign = Create(slapd.SecurePort, $"useSSL: true, insecure: true, {Pair(stranger)}"))
            AssertRefused(foreign, "alice", PrivateSlapd.AlicePassword);
    }

    [Fact]
    public void A_directory_that_is_down_lets_nobody_in()
    {
        using var slapd = new PrivateSlapd();
        using var filter = Create(slapd.Port, "skipTLS: true");
        AssertPasses(filter, "alice", PrivateSlapd.AlicePassword);
        slapd.Stop();
        AssertRefused(filter, "alice", PrivateSlapd.AlicePassword);
    }

    [Fact]
    public async Task A_directory_that_never_answers_lets_nobody_in_once_the_check_times_out()
    {
        // accepts connections (the kernel's backlog) and never says a word
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            using var filter = Create(((IPEndPoint)silent.LocalEndpoint).Port, "skipTLS: true");
            var checks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Run(filter, "alice", PrivateSlapd.AlicePassword))).ToArray();
            foreach (var (result, context) in await Task.WhenAll(checks))
            {
                Assert.Equal(ValidatorKind.Invalid, result);
                Assert.Equal(401, context.Response!.StatusCode);
            }
        }
        finally
        {
            silent.Stop();
        }
    }
}
