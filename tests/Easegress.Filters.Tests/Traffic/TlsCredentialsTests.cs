using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Easegress.Filters.Tests.Support;
using Easegress.Listeners;

namespace Easegress.Filters.Tests.Traffic;

public sealed class TlsCredentialsTests : IDisposable
{
    private readonly X509Certificate2 _first = TestCertificates.Server("first", ["first.test"]);
    private readonly X509Certificate2 _wildcard = TestCertificates.Server("wild", ["*.b.test"]);
    private readonly X509Certificate2 _exact = TestCertificates.Server("exact", ["www.b.test", "alias.test"]);
    private readonly X509Certificate2 _commonNameOnly = TestCertificates.Server("cn.test", []);
    private readonly X509Certificate2 _authority = TestCertificates.Authority("clients");
    private readonly X509Certificate2 _otherAuthority = TestCertificates.Authority("others");

    private TlsCredentials Credentials(X509Certificate2Collection? authorities = null) =>
        new([Pair(_first), Pair(_wildcard), Pair(_exact), Pair(_commonNameOnly)], authorities);

    private static ServerCertificate Pair(X509Certificate2 certificate) => new(certificate, []);

    [Theory]
    [InlineData("first.test", "first")]
    [InlineData("FIRST.Test.", "first")]
    [InlineData("x.b.test", "wild")]
    [InlineData("www.b.test", "exact")]       // an exact name beats an earlier wildcard
    [InlineData("alias.test", "exact")]
    [InlineData("cn.test", "cn.test")]         // no DNS names: the common name
    [InlineData("x.y.b.test", "first")]        // a wildcard covers one label
    [InlineData("b.test", "first")]
    [InlineData("unknown.test", "first")]
    [InlineData(null, "first")]
    [InlineData("", "first")]
    public void The_certificate_is_chosen_by_server_name(string? serverName, string expected)
    {
        var chosen = Credentials().Select(serverName);
        Assert.Equal(expected, chosen.GetNameInfo(X509NameType.SimpleName, false));
    }

    [Fact]
    public void Handshakes_offer_TLS_1_2_and_1_3_and_ask_for_client_certificates_only_with_authorities()
    {
        var open = Credentials().ServerOptionsFor("x.b.test");
        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, open.EnabledSslProtocols);
        Assert.False(open.ClientCertificateRequired);
        Assert.Null(open.RemoteCertificateValidationCallback);
        Assert.Null(open.ApplicationProtocols);   // the listener adds h2 and http/1.1
        Assert.Equal(_wildcard.Thumbprint, open.ServerCertificateContext!.TargetCertificate.Thumbprint);

        var mutual = Credentials([_authority]).ServerOptionsFor("first.test");
        Assert.True(mutual.ClientCertificateRequired);
        Assert.NotNull(mutual.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void Client_certificates_must_chain_to_an_authority_be_current_and_be_for_clients()
    {
        var credentials = Credentials([_authority]);
        using var good = TestCertificates.Client("alice", _authority);
        using var foreign = TestCertificates.Client("mallory", _otherAuthority);
        using var expired = TestCertificates.Client("old", _authority, expired: true);
        using var serverOnly = TestCertificates.Client("srv", _authority, forServersOnly: true);

        Assert.True(credentials.IsTrustedClient(good, null));
        Assert.False(credentials.IsTrustedClient(foreign, null));
        Assert.False(credentials.IsTrustedClient(expired, null));
        Assert.False(credentials.IsTrustedClient(serverOnly, null));
        Assert.False(credentials.IsTrustedClient(null, null));
        Assert.False(Credentials().IsTrustedClient(good, null));   // no authorities: nobody is trusted, and nobody is asked
    }

    [Fact]
    public void The_validation_callback_decides_by_the_authorities()
    {
        var callback = Credentials([_authority]).ServerOptionsFor(null).RemoteCertificateValidationCallback!;
        using var good = TestCertificates.Client("alice", _authority);
        using var foreign = TestCertificates.Client("mallory", _otherAuthority);

        Assert.True(callback(this, good, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(callback(this, foreign, null, SslPolicyErrors.None));
        Assert.False(callback(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    public void Dispose()
    {
        foreach (var c in new[] { _first, _wildcard, _exact, _commonNameOnly, _authority, _otherAuthority }) c.Dispose();
    }
}
