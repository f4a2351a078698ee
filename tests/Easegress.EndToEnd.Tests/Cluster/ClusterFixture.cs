using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests.Cluster;

/// <summary>Three primaries (and optionally a secondary) as real processes on 127.0.0.1 sharing one PostgreSQL
/// database; each binds its traffic listeners to its own loopback address (127.0.0.2, .3, ...).</summary>
public sealed class TestCluster : IDisposable
{
    private readonly List<ServerNode> _nodes = [];
    private readonly string _databaseUrl;
    private readonly string _initialCluster;
    private readonly int[] _peerPorts;
    private readonly string[] _extraArgs;

    /// <param name="isolatedUser">Run the last primary as this system user, so that a <see cref="Partition"/> can cut it off.</param>
    /// <param name="extraArgs">Options every member gets.</param>
    public TestCluster(string databaseUrl, int primaries = 3, string? isolatedUser = null, IEnumerable<string>? extraArgs = null)
    {
        _databaseUrl = databaseUrl;
        _extraArgs = extraArgs?.ToArray() ?? [];
        _peerPorts = Enumerable.Range(0, primaries).Select(_ => FreePorts.Next()).ToArray();
        _initialCluster = string.Join(',', _peerPorts.Select((p, i) => $"node-{i + 1}=http://127.0.0.1:{p}"));
        for (var i = 0; i < primaries; i++)
        {
            _nodes.Add(ServerNode.Create($"node-{i + 1}", _peerPorts[i], $"127.0.0.{i + 2}",
                ["--cluster-name", "eg-test", "--database-url", databaseUrl, "--initial-cluster", _initialCluster, .. _extraArgs],
                user: i == primaries - 1 ? isolatedUser : null));
        }
    }

    public IReadOnlyList<ServerNode> Nodes => _nodes;

    public async Task WaitReadyAsync()
    {
        foreach (var node in _nodes) await node.WaitReadyAsync();
    }

    public async Task<ServerNode> AddSecondaryAsync()
    {
        var node = StartSecondary(_extraArgs);
        await node.WaitReadyAsync();
        return node;
    }

    /// <summary>Starts a secondary with <paramref name="args"/> instead of the members' extra options, without waiting.</summary>
    public ServerNode StartSecondary(IEnumerable<string> args)
    {
        var index = _nodes.Count + 1;
        var node = ServerNode.Create($"node-{index}", null, $"127.0.0.{index + 1}",
            ["--cluster-name", "eg-test", "--cluster-role", "secondary", "--database-url", _databaseUrl, "--state-flag", "existing",
             "--primary-listen-peer-urls", string.Join(',', _peerPorts.Select(p => $"http://127.0.0.1:{p}")), .. args]);
        _nodes.Add(node);
        return node;
    }

    /// <summary>The name of the member the others report as Leader, asked through <paramref name="via"/>.</summary>
    public static async Task<string?> LeaderAsync(ServerNode via)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var members = await http.GetFromJsonAsync<JsonArray>($"http://{via.ApiAddress}/apis/v2/members");
            return members?.FirstOrDefault(m => m?["etcd"]?["state"]?.GetValue<string>() == "Leader" && m["status"]?.GetValue<string>() == "Up")
                ?["options"]?["name"]?.GetValue<string>();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    /// <summary>The last lines each member logged, for a failed test's report.</summary>
    public string Logs(int lines = 60) => string.Join("\n", _nodes.Select(n =>
        $"--- {n.Name} ---\n" + string.Join("\n", n.Output.Split('\n').TakeLast(lines))));

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }
}
