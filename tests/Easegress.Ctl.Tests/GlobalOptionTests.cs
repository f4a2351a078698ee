using System.Net;
using System.Net.Sockets;

namespace Easegress.Ctl.Tests;

public sealed class GlobalOptionTests
{
    [Fact]
    public async Task Server_is_accepted_with_an_http_scheme()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync("health", "--server", $"http://{api.Address}/");

        Assert.Equal(new EgctlRun(0, "OK\n", ""), run);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("table")]
    public async Task An_unknown_output_format_is_refused_before_any_request(string format)
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "object", "list", "-o", format);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains($"unsupported output format \"{format}\"", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_bad_server_address_is_refused()
    {
        var run = await Egctl.RunAsync("health", "--server", "ftp://example.com");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--server: \"ftp://example.com\" is not an admin API address", run.Error);
    }

    [Fact]
    public async Task A_refused_connection_names_the_server()
    {
        // A socket bound but not listening keeps the port ours, and connecting to it is refused.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        var run = await Egctl.RunAsync("object", "list", "--server", $"127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith($"cannot connect to the admin API at http://127.0.0.1:{port}: ", run.Error);
    }

    [Fact]
    public async Task A_refused_connection_during_create_names_the_object()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        using var file = new TempFile("name: p\nkind: Pipeline\n");

        var run = await Egctl.RunAsync("object", "create", "-f", file.Path, "--server", $"127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"create Pipeline p failed: cannot connect to the admin API at http://127.0.0.1:{port}: ", run.Error);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("object", "frobnicate")]
    [InlineData("object", "list", "--no-such-flag")]
    [InlineData("object")]
    [InlineData("object", "get")]
    public async Task Unknown_commands_flags_and_missing_arguments_fail(params string[] args)
    {
        var run = await Egctl.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith("Error: ", run.Error);
        Assert.Contains("--help' for usage.", run.Error);
    }

    [Fact]
    public async Task Help_is_printed_to_standard_output()
    {
        var run = await Egctl.RunAsync("object", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("create", run.Out);
        Assert.Contains("status", run.Out);
        Assert.Equal("", run.Error);
    }
}
