using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>A real easegress-server process on loopback, with its own free ports and home directory.</summary>
public sealed class ServerNode : IDisposable
{
    private ChildProcess _process;
    private readonly string[] _args;

    private ServerNode(string home, string name, int apiPort, int peerPort)
    {
        Home = home;
        ApiPort = apiPort;
        _args =
        [
            "--name", name, "--home-dir", home,
            "--api-addr", $"127.0.0.1:{apiPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--traffic-address", "127.0.0.1",
        ];
        _process = new ChildProcess(Repository.Server, _args);
    }

    public string Home { get; }
    public int ApiPort { get; }
    public string ApiAddress => $"127.0.0.1:{ApiPort}";
    public string Output => _process.Output;
    public ChildProcess Process => _process;

    public static async Task<ServerNode> StartAsync(string? home = null, string name = "eg-e2e")
    {
        home ??= Directory.CreateTempSubdirectory("eg-e2e-").FullName;
        var node = new ServerNode(home, name, FreePort.Next(), FreePort.Next());
        await node.WaitReadyAsync();
        return node;
    }

    /// <summary>Starts the same node again (same home, ports and name) after it stopped.</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = new ChildProcess(Repository.Server, _args);
        await WaitReadyAsync();
    }

    /// <summary>Ready = the admin API answers and the member list shows this member as the leader.</summary>
    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"easegress-server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                var members = await http.GetFromJsonAsync<JsonArray>($"http://{ApiAddress}/apis/v2/members");
                if (members?.Any(m => m?["etcd"]?["state"]?.GetValue<string>() == "Leader") == true) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"easegress-server did not become ready:\n{Output}");
    }

    public void Dispose()
    {
        _process.Dispose();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
