using System.Diagnostics;
using Akka.Cluster;
using Easegress.Objects;
using Xunit.Abstractions;

namespace Easegress.Actors.Tests.Controllers;

/// <summary>
/// Three primaries in this process, built as nodes build them, with the node's own tuning (hocon/easegress.conf) and one
/// journal: a business controller runs on exactly one of them, moves to another within seconds when that one crashes,
/// and moves again when the next one leaves, never two copies at once.
/// </summary>
public sealed class ControllerFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(10);
    private readonly ControllerRecord _record = new();
    private readonly Dictionary<string, HostedNode> _nodes = [];
    private readonly HashSet<string> _out = [];   // members out of the cluster, whose status is not asked
    private string _directory = "";

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("eg-failover-").FullName;
        var first = await StartAsync("eg-1", []);
        await StartAsync("eg-2", [first.Address]);
        await StartAsync("eg-3", [first.Address]);
        await HostedNode.EventuallyAsync(() => _nodes.Values.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3),
            TimeSpan.FromSeconds(30), "three members Up, as each of them sees it");
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, node) in _nodes) await node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<HostedNode> StartAsync(string name, IReadOnlyList<string> seeds)
    {
        var node = await HostedNode.StartAsync(Path.Combine(_directory, "easegress.db"), new HostedNodeOptions
        {
            Name = name,
            Seeds = seeds,
            Kinds = new ObjectKindRegistry(BuiltInKinds.Objects.Kinds.Append(new RecordingControllerKind(_record, name)), BuiltInKinds.Shape),
            Hocon = HostedNodeOptions.ProductHocon + "\nakka.loglevel = WARNING\n" + HostedNodeOptions.Crashable,
        });
        _nodes[name] = node;
        return node;
    }

    /// <summary>Waits until exactly one member other than <paramref name="previous"/> runs it; returns that member.</summary>
    private async Task<string> RunsOnOneAsync(string name, string? previous, TimeSpan within)
    {
        await HostedNode.EventuallyAsync(() => _record.RunningOn(name) is [var only] && only != previous, within,
            $"{name} runs on one member{(previous is null ? "" : $" other than {previous}")} (events: {string.Join("; ", _record.Events)})");
        return _record.RunningOn(name)[0];
    }

    /// <summary>Every live member's status, as <c>/status/objects</c> collects it: only <paramref name="member"/> shows the
    /// controller, naming itself.</summary>
    private async Task ShownOnlyByAsync(string name, string member)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var showing = new List<string>();
            foreach (var (node, hosted) in _nodes.Where(n => !_out.Contains(n.Key)))
                if ((await hosted.StatusAsync())[name] is { } status && status["state"]?.GetValue<string>() == "running")
                    showing.Add($"{node}:{status["member"]}");
            if (showing.SequenceEqual([$"{member}:{member}"])) return;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{name} is shown running by [{string.Join(", ", showing)}], not by {member} alone");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task One_member_runs_a_controller_and_another_takes_it_over_when_that_one_crashes_or_leaves()
    {
        // a stop takes 200 ms: a copy started elsewhere before the last one stopped shows as two at once
        var created = await _nodes["eg-1"].Objects.CreateAsync("registry", RecordingControllerKind.Document("registry", stopMillis: 200));
        Assert.True(created.Succeeded, created.Message);
        var first = await RunsOnOneAsync("registry", null, TimeSpan.FromSeconds(15));
        await Task.Delay(1000);
        Assert.Equal([first], _record.RunningOn("registry"));
        await ShownOnlyByAsync("registry", first);

        // the member running it crashes: its peer port closes without it leaving the cluster
        var clock = Stopwatch.StartNew();
        await _nodes[first].CrashAsync();
        _out.Add(first);
        var second = await RunsOnOneAsync("registry", first, Takeover);
        output.WriteLine($"{first} crashed; {second} runs the controller {clock.Elapsed.TotalSeconds:0.00} s later");
        await ShownOnlyByAsync("registry", second);

        // the member running it now leaves gracefully: it stops the controller, then the shard moves
        clock.Restart();
        await _nodes[second].DisposeAsync();
        _out.Add(second);
        var third = await RunsOnOneAsync("registry", second, Takeover);
        output.WriteLine($"{second} left; {third} runs the controller {clock.Elapsed.TotalSeconds:0.00} s later");
        await ShownOnlyByAsync("registry", third);

        await Task.Delay(1000);
        Assert.Equal(1, _record.MostAtOnce("registry"));
        Assert.Equal(3, _record.Count("start registry"));
        Assert.Equal(
            [$"start registry on {first} (first)", $"stop registry on {first}", $"start registry on {second} (first)",
             $"stop registry on {second}", $"start registry on {third} (first)"],
            _record.Events);
    }

    [Fact]
    public async Task A_member_downed_while_alive_stops_its_controller_and_another_takes_it_over()
    {
        var created = await _nodes["eg-1"].Objects.CreateAsync("registry", RecordingControllerKind.Document("registry"));
        Assert.True(created.Succeeded, created.Message);
        var first = await RunsOnOneAsync("registry", null, TimeSpan.FromSeconds(15));

        // an operator downs it (egctl cluster down), as the split-brain resolver downs the minority of a partition: the
        // member keeps running, but its shard regions stop, and with them its controllers
        var clock = Stopwatch.StartNew();
        var other = _nodes.First(n => n.Key != first).Value;
        Cluster.Get(other.System).Down(Cluster.Get(_nodes[first].System).SelfAddress);
        var second = await RunsOnOneAsync("registry", first, Takeover);
        output.WriteLine($"{first} downed; {second} runs the controller {clock.Elapsed.TotalSeconds:0.00} s later; most copies at once: {_record.MostAtOnce("registry")}");
        _out.Add(first);   // still running, out of the cluster
        await ShownOnlyByAsync("registry", second);
        Assert.Contains($"stop registry on {first}", _record.Events);
        Assert.Equal(1, _record.MostAtOnce("registry"));
    }
}
