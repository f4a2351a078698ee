using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>A real easegress-server process on loopback, with its own free ports and home directory.</summary>
public sealed class ServerNode : IDisposable
{
    private ChildProcess _process;
    private readonly string[] _args;

    private readonly string? _user;
    private readonly string? _workingDirectory;
    private readonly IReadOnlyList<string>? _launcher;

    private ServerNode(string home, string name, int apiPort, int peerPort, string trafficAddress, IEnumerable<string> extraArgs,
        string? user, string? workingDirectory, IReadOnlyList<string>? launcher)
    {
        _user = user;
        _workingDirectory = workingDirectory;
        _launcher = launcher;
        Home = home;
        Name = name;
        ApiPort = apiPort;
        PeerPort = peerPort;
        TrafficAddress = trafficAddress;
        _args =
        [
            "--name", name, "--home-dir", home,
            "--api-addr", $"127.0.0.1:{apiPort}",
            "--listen-peer-urls", PeerUrl,
            "--traffic-address", trafficAddress,
            .. extraArgs,
        ];
        _process = new ChildProcess(Repository.Server, _args, user: user, workingDirectory: workingDirectory, launcher: launcher);
    }

    public string Home { get; }
    public string Name { get; }
    public int ApiPort { get; }
    public int PeerPort { get; }
    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";
    public string TrafficAddress { get; }
    public string ApiAddress => $"127.0.0.1:{ApiPort}";
    public string Output => _process.Output;
    public ChildProcess Process => _process;

    public static async Task<ServerNode> StartAsync(string? home = null, string name = "eg-e2e")
    {
        var node = Create(name, home: home);
        await node.WaitReadyAsync();
        return node;
    }

    /// <summary>Starts the process without waiting (cluster members wait for each other).</summary>
    /// <param name="user">Run the process as this system user (the partition test tells its packets apart by owner).</param>
    /// <param name="workingDirectory">Start the process in this directory (the test's own when null).</param>
    /// <param name="launcher">A command that execs the server in the same process (<c>prlimit --nofile=512:1024 --</c>).</param>
    public static ServerNode Create(string name, int? peerPort = null, string trafficAddress = "127.0.0.1",
        IEnumerable<string>? extraArgs = null, string? home = null, string? user = null, string? workingDirectory = null,
        IReadOnlyList<string>? launcher = null)
    {
        home ??= Directory.CreateTempSubdirectory("eg-e2e-").FullName;
        if (user is not null) File.SetUnixFileMode(home, (UnixFileMode)0x1FF);
        return new ServerNode(home, name, FreePorts.Next(), peerPort ?? FreePorts.Next(), trafficAddress, extraArgs ?? [], user, workingDirectory, launcher);
    }

    /// <summary>Starts the same node again (same home, ports and name) after it stopped.</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _process = new ChildProcess(Repository.Server, _args, user: _user, workingDirectory: _workingDirectory, launcher: _launcher);
        await WaitReadyAsync();
    }

    public void Restart()
    {
        _process.Dispose();
        _process = new ChildProcess(Repository.Server, _args, user: _user, workingDirectory: _workingDirectory, launcher: _launcher);
    }

    /// <summary>Ready = the admin API answers, this member is Up and some primary is the leader.</summary>
    public async Task WaitReadyAsync(int seconds = 90)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"easegress-server {Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                var members = await http.GetFromJsonAsync<JsonArray>($"http://{ApiAddress}/apis/v2/members");
                if (members?.Any(m => m?["etcd"]?["state"]?.GetValue<string>() == "Leader") == true &&
                    members.Any(m => m?["options"]?["name"]?.GetValue<string>() == Name && m["status"]?.GetValue<string>() == "Up"))
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"easegress-server {Name} did not become ready:\n{Output}");
    }

    public void Dispose()
    {
        _process.Dispose();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
