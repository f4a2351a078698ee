using System.Text.Json.Nodes;

namespace Easegress.Ctl.Tests;

/// <summary><c>egctl create httpproxy</c>: the HTTPServer and Pipelines it generates and what it refuses.</summary>
public sealed class HttpProxyTests
{
    [Fact]
    public async Task It_creates_a_server_and_one_round_robin_pipeline_per_rule()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "create", "httpproxy", "demo", "--port", "10080",
            "--rule", "/bar=http://127.0.0.1:8080,http://127.0.0.1:8081",
            "--rule", "/foo*=http://127.0.0.1:8082",
            "--rule", "foo.com/prefix*=http://127.0.0.1:8083");

        Assert.Equal(new EgctlRun(0, """
            create HTTPServer demo successfully
            create Pipeline demo-0 successfully
            create Pipeline demo-1 successfully
            create Pipeline demo-2 successfully

            """, ""), run);
        Assert.Equal("""
            {"name":"demo","kind":"HTTPServer","port":10080,"rules":[{"paths":[{"path":"/bar","backend":"demo-0"},{"pathPrefix":"/foo","backend":"demo-1"}]},{"host":"foo.com","paths":[{"pathPrefix":"/prefix","backend":"demo-2"}]}]}
            """, api.Stored("demo")!.ToJsonString());
        Assert.Equal("""
            {"name":"demo-0","kind":"Pipeline","flow":[{"filter":"proxy"}],"filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:8080"},{"url":"http://127.0.0.1:8081"}],"loadBalance":{"policy":"roundRobin"}}]}]}
            """, api.Stored("demo-0")!.ToJsonString());
        Assert.Equal("http://127.0.0.1:8083", (string?)api.Stored("demo-2")!["filters"]![0]!["pools"]![0]!["servers"]![0]!["url"]);
    }

    [Fact]
    public async Task Tls_flags_fill_the_servers_https_fields()
    {
        await using var api = await FakeAdminApi.StartAsync();
        using var cert = new TempFile("CERT");
        using var key = new TempFile("KEY");
        using var ca = new TempFile("CA");

        var run = await Egctl.RunAsync(api, "create", "httpproxy", "secure", "--port", "10443", "--rule", "/=http://127.0.0.1:8080",
            "--tls", "--cert-file", cert.Path, "--key-file", key.Path, "--ca-cert-file", ca.Path);

        Assert.Equal(0, run.ExitCode);
        var server = api.Stored("secure")!;
        Assert.True((bool)server["https"]!);
        Assert.Equal(Convert.ToBase64String("CERT"u8.ToArray()), (string?)server["certs"]![cert.Path]);
        Assert.Equal(Convert.ToBase64String("KEY"u8.ToArray()), (string?)server["keys"]![cert.Path]);
        Assert.Equal(Convert.ToBase64String("CA"u8.ToArray()), (string?)server["caCertBase64"]);
        Assert.Equal("/", (string?)server["rules"]![0]!["paths"]![0]!["path"]);
    }

    [Theory]
    [InlineData("--auto-cert is not supported", "--port", "1", "--rule", "/=http://a", "--auto-cert")]
    [InlineData("--port is required", "--rule", "/=http://a")]
    [InlineData("not a port", "--port", "70000", "--rule", "/=http://a")]
    [InlineData("--rule is required", "--port", "80")]
    [InlineData("not in the form", "--port", "80", "--rule", "/a")]
    [InlineData("has no path", "--port", "80", "--rule", "host=http://a")]
    [InlineData("has no endpoints", "--port", "80", "--rule", "/a=,")]
    [InlineData("need --tls", "--port", "80", "--rule", "/a=http://a", "--cert-file", "c.pem")]
    [InlineData("come in pairs", "--port", "80", "--rule", "/a=http://a", "--tls", "--cert-file", "c.pem")]
    public async Task Bad_flags_are_refused_before_any_request(string message, params string[] flags)
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, ["create", "httpproxy", "demo", .. flags]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_refused_object_stops_the_rest()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: demo-0\nkind: Pipeline\n");

        var run = await Egctl.RunAsync(api, "create", "httpproxy", "demo", "--port", "80", "--rule", "/a=http://a", "--rule", "/b=http://b");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("create HTTPServer demo successfully\n", run.Out);
        Assert.Equal("create Pipeline demo-0 failed, 409: conflict name: demo-0\n", run.Error);
        Assert.Null(api.Stored("demo-1"));
        Assert.IsType<JsonObject>(api.Stored("demo"));
    }
}
