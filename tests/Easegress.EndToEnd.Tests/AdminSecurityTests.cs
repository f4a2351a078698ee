using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Easegress.EndToEnd.Tests.Infrastructure;

namespace Easegress.EndToEnd.Tests;

/// <summary>The admin API behind TLS, basic authentication and client certificates, driven by the real egctl with
/// an egctl config (contexts, clusters, users) as an operator would set it up.</summary>
public sealed class AdminSecurityTests : IDisposable
{
    private readonly TestAuthority _authority = new("eg-test-ca");
    private readonly X509Certificate2 _clientCertificate;
    private readonly string _serverCertFile;
    private readonly string _serverKeyFile;

    public AdminSecurityTests()
    {
        (_serverCertFile, _serverKeyFile) = _authority.IssueFiles("server", "CN=127.0.0.1", server: true, client: false);
        _clientCertificate = _authority.Issue("CN=operator", server: false, client: true);
    }

    private static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    private string Config(int apiPort, string user) => _authority.Write($"egctlrc-{user}", $"""
        kind: Config
        current-context: secure
        contexts:
        - name: secure
          context: {"{"}cluster: local, user: {user}{"}"}
        clusters:
        - name: local
          cluster:
            server: https://127.0.0.1:{apiPort}
            certificate-authority-data: {B64(_authority.Certificate.ExportCertificatePem())}
        users:
        - name: admin
          user: {"{"}username: admin, password: s3cret{"}"}
        - name: intruder
          user: {"{"}username: admin, password: wrong{"}"}
        - name: operator
          user:
            client-certificate-data: {B64(_clientCertificate.ExportCertificatePem())}
            client-key-data: {B64(_clientCertificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem())}
        """);

    private static async Task WaitForAdminAsync(ServerNode node, HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (node.Process.HasExited) throw new InvalidOperationException($"easegress-server exited:\n{node.Output}");
            try
            {
                using var reply = await http.GetAsync($"https://{node.ApiAddress}/apis/v2/healthz");
                return;
            }
            catch (HttpRequestException) { await Task.Delay(200); }
        }
        throw new TimeoutException(node.Output);
    }

    [Fact]
    public async Task BasicAuthenticationOverTls()
    {
        using var node = ServerNode.Create("eg-secure", extraArgs:
            ["--tls", "--cert-file", _serverCertFile, "--key-file", _serverKeyFile,
             "--basic-auth", "admin=s3cret"]);
        using var anyCertificate = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        await WaitForAdminAsync(node, anyCertificate);

        using var anonymous = await anyCertificate.GetAsync($"https://{node.ApiAddress}/apis/v2/objects");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic realm=\"easegress-basic-auth\"", anonymous.Headers.WwwAuthenticate.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync($"http://{node.ApiAddress}/apis/v2/objects"));

        var admin = new Dictionary<string, string> { ["EGCTL_CONFIG"] = Config(node.ApiPort, "admin") };
        var ok = await Egctl.ExecAsync(null, null, admin, "object", "kinds");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("HTTPServer", ok.Stdout);
        Assert.Contains("* ", (await Egctl.ExecAsync(null, null, admin, "config", "get-contexts")).Stdout);
        Assert.DoesNotContain("s3cret", (await Egctl.ExecAsync(null, null, admin, "config", "view")).Stdout);

        var intruder = await Egctl.ExecAsync(null, null, new Dictionary<string, string> { ["EGCTL_CONFIG"] = Config(node.ApiPort, "intruder") }, "object", "kinds");
        Assert.NotEqual(0, intruder.ExitCode);
        Assert.Contains("401", intruder.Stderr);

        // without the CA the server's certificate is not trusted, unless verification is switched off
        var untrusted = await Egctl.ExecAsync($"https://{node.ApiAddress}", null, "health");
        Assert.NotEqual(0, untrusted.ExitCode);
        var unverified = await Egctl.ExecAsync(node.ApiAddress, null, "--force-tls", "--insecure-skip-verify", "health");
        Assert.NotEqual(0, unverified.ExitCode);   // reached over TLS, but no user: 401
        Assert.Contains("401", unverified.Stderr);
    }

    [Fact]
    public async Task ClientCertificatesAreRequired()
    {
        using var node = ServerNode.Create("eg-mtls", extraArgs:
            ["--tls", "--cert-file", _serverCertFile, "--key-file", _serverKeyFile,
             "--client-ca-file", _authority.CaFile]);
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(_clientCertificate.Export(X509ContentType.Pkcs12), null));
        using var withCertificate = new HttpClient(handler);
        await WaitForAdminAsync(node, withCertificate);

        var operatorRun = await Egctl.ExecAsync(null, null, new Dictionary<string, string> { ["EGCTL_CONFIG"] = Config(node.ApiPort, "operator") }, "health");
        Assert.True(operatorRun.ExitCode == 0, operatorRun.Stderr);
        Assert.Contains("OK", operatorRun.Stdout);

        var without = await Egctl.ExecAsync(null, null, new Dictionary<string, string> { ["EGCTL_CONFIG"] = Config(node.ApiPort, "admin") }, "health");
        Assert.NotEqual(0, without.ExitCode);
    }

    [Fact]
    public async Task BadTlsFilesStopTheServerWithTheFlagNamed()
    {
        using var node = ServerNode.Create("eg-badtls", extraArgs: ["--tls", "--cert-file", Path.Combine(_authority.Directory, "missing.pem"), "--key-file", "x.pem"]);
        Assert.True(await Task.Run(() => node.Process.WaitForExit(TimeSpan.FromSeconds(30))), "the server did not stop");
        Assert.Equal(2, node.Process.ExitCode);
        Assert.Contains("--cert-file", node.Output);
    }

    public void Dispose()
    {
        _clientCertificate.Dispose();
        _authority.Dispose();
    }
}
