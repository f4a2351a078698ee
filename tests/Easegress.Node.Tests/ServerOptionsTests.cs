using Easegress.Node.Configuration;

namespace Easegress.Node.Tests;

public sealed class ServerOptionsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = new();

    [Fact]
    public void DefaultsAreEasegressDefaults()
    {
        var o = ServerOptionsLoader.Load([], NoEnvironment).Options;
        Assert.Equal("eg-default-name", o.Name);
        Assert.Equal("eg-cluster-default-name", o.ClusterName);
        Assert.Equal("primary", o.ClusterRole);
        Assert.Equal("localhost:2381", o.ApiAddr);
        Assert.Equal("http://localhost:2380", o.Cluster.ListenPeerUrls.Single());
        Assert.Equal(Path.GetFullPath("data"), o.AbsoluteDataDir);
    }

    [Fact]
    public void FlagsWinOverEnvironmentWhichWinsOverTheFile()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "name: from-file\ncluster-name: file-cluster\napi-addr: 127.0.0.1:3000\ncluster:\n  listen-peer-urls: [http://127.0.0.1:3001]\n  initial-cluster:\n  - a: http://127.0.0.1:3001\n");
        try
        {
            var env = new Dictionary<string, string> { ["EASEGRESS_NAME"] = "from-env", ["EASEGRESS_CLUSTER_NAME"] = "env-cluster" };
            var o = ServerOptionsLoader.Load(["-f", file, "--name=from-flag", "--labels", "zone=a,tier=edge"], env).Options;
            Assert.Equal("from-flag", o.Name);
            Assert.Equal("env-cluster", o.ClusterName);
            Assert.Equal("127.0.0.1:3000", o.ApiAddr);
            Assert.Equal("http://127.0.0.1:3001", o.Cluster.InitialCluster["a"]);
            Assert.Equal("edge", o.Labels["tier"]);
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData(new[] { "--nmae", "x" }, "unknown flag: --nmae")]
    [InlineData(new[] { "--cluster-role", "boss" }, "--cluster-role")]
    [InlineData(new[] { "--api-addr", "nowhere" }, "--api-addr")]
    [InlineData(new[] { "--name" }, "flag needs a value: --name")]
    [InlineData(new[] { "--listen-peer-urls", "localhost" }, "--listen-peer-urls")]
    [InlineData(new[] { "--labels", "novalue" }, "--labels")]
    [InlineData(new[] { "--debug=maybe" }, "--debug")]
    [InlineData(new[] { "--config-file", "/nonexistent/eg.yaml" }, "--config-file")]
    [InlineData(new[] { "--tls" }, "--tls: needs --cert-file")]
    [InlineData(new[] { "--client-ca-file", "ca.pem" }, "--client-ca-file: needs --tls")]
    [InlineData(new[] { "--tls", "--cert-file", "/nonexistent/c.pem", "--key-file", "/nonexistent/k.pem" }, "--cert-file/--key-file")]
    [InlineData(new[] { "--basic-auth", "admin" }, "--basic-auth")]
    [InlineData(new[] { "--peer-key-file", "k.pem" }, "--peer-key-file: needs --peer-cert-file")]
    [InlineData(new[] { "--peer-trusted-ca-file", "ca.pem" }, "--peer-trusted-ca-file: needs --peer-cert-file")]
    [InlineData(new[] { "--peer-cert-file", "c.pem" }, "--peer-cert-file: needs --peer-key-file")]
    [InlineData(new[] { "--peer-cert-file", "/nonexistent/c.pem", "--peer-key-file", "/nonexistent/k.pem" }, "--peer-cert-file/--peer-key-file")]
    public void BadInputNamesTheFlag(string[] args, string expected)
    {
        var error = Assert.Throws<OptionsError>(() => ServerOptionsLoader.Load(args, NoEnvironment));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UnknownConfigKeyIsNamed()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "name: a\nlisten-porte: 1\n");
        try
        {
            var error = Assert.Throws<OptionsError>(() => ServerOptionsLoader.Load(["--config-file", file], NoEnvironment));
            Assert.Contains("unknown key listen-porte", error.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void OldRoleNamesAreMappedWithAWarning()
    {
        var loaded = ServerOptionsLoader.Load(["--cluster-role", "writer"], NoEnvironment);
        Assert.Equal("primary", loaded.Options.ClusterRole);
        Assert.Contains(loaded.Warnings, w => w.Contains("writer"));
    }

    [Fact]
    public void PrintConfigWritesEasegressKeys()
    {
        var loaded = ServerOptionsLoader.Load(["-c", "--name", "n1"], NoEnvironment);
        Assert.True(loaded.PrintConfig);
        var text = NodeHost.PrintConfig(loaded.Options);
        Assert.Contains("name: n1", text);
        Assert.Contains("cluster-role: primary", text);
        Assert.Contains("api-addr: localhost:2381", text);
    }
}
