using System.Text.Json.Nodes;
using Akka.Actor;
using Easegress.Objects;

namespace Easegress.Actors.Tests.Controllers;

/// <summary>A business controller's life on one primary, driven through the admin API's object store as a user drives
/// it: started once, updated in place, stopped when deleted, started again (once) after its entity stops or the
/// cluster restarts, and retried with a backoff when it throws at start.</summary>
public sealed class ControllerEntityTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private const string Member = "eg-1";
    private const string Tuning = """
        easegress.controllers.min-backoff = 300ms
        easegress.controllers.max-backoff = 2s
        akka.cluster.sharding.entity-restart-backoff = 300ms
        """;

    private readonly ControllerRecord _record = new();
    private string _directory = "";
    private HostedNode _node = null!;

    private string Journal => Path.Combine(_directory, "easegress.db");

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("eg-controllers-").FullName;
        _node = await StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<HostedNode> StartNodeAsync() => HostedNode.StartAsync(Journal, new HostedNodeOptions
    {
        Name = Member,
        Kinds = new ObjectKindRegistry(BuiltInKinds.Objects.Kinds.Append(new RecordingControllerKind(_record, Member)), BuiltInKinds.Shape),
        Hocon = Tuning,
    });

    private async Task<JsonObject?> StatusOfAsync(string name) => (await _node.StatusAsync())[name]?.AsObject();

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not within {Wait.TotalSeconds:0}s: {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Create_starts_it_once_update_updates_it_in_place_and_delete_stops_it()
    {
        Assert.Equal(200, (await _node.Objects.CreateAsync("registry", RecordingControllerKind.Document("registry"))).Status);
        await HostedNode.EventuallyAsync(() => _record.RunningOn("registry").Count == 1, Wait, "the controller runs");
        await EventuallyAsync(async () => (await StatusOfAsync("registry"))?["state"]?.GetValue<string>() == "running", "its status shows it running");
        var status = (await StatusOfAsync("registry"))!;
        Assert.Equal(Member, status["member"]!.GetValue<string>());
        Assert.Equal("ok", status["health"]!.GetValue<string>());
        Assert.Equal(RecordingControllerKind.KindName, status["kind"]!.GetValue<string>());
        Assert.Equal("first", status["controller"]!["note"]!.GetValue<string>());
        var version = status["version"]!.GetValue<long>();

        Assert.Equal(200, (await _node.Objects.UpdateAsync("registry", RecordingControllerKind.Document("registry", note: "second"))).Status);
        await HostedNode.EventuallyAsync(() => _record.Count("update") == 1, Wait, "the controller takes the update");
        await EventuallyAsync(async () => (await StatusOfAsync("registry"))?["controller"]?["note"]?.GetValue<string>() == "second", "its status shows the update");
        Assert.True((await StatusOfAsync("registry"))!["version"]!.GetValue<long>() > version);

        Assert.Equal(200, (await _node.Objects.DeleteAsync("registry")).Status);
        await HostedNode.EventuallyAsync(() => _record.RunningOn("registry").Count == 0, Wait, "the controller stops");
        await EventuallyAsync(async () => await StatusOfAsync("registry") is null, "its status is gone");
        await Task.Delay(1000);   // nothing comes back: the shard forgot the entity
        Assert.Equal(["start registry on eg-1 (first)", "update registry on eg-1 (second)", "stop registry on eg-1"], _record.Events);
    }

    [Fact]
    public async Task An_entity_that_stops_without_passivating_starts_again_after_its_controller_stopped()
    {
        var created = await _node.Objects.CreateAsync("registry", RecordingControllerKind.Document("registry", stopMillis: 1000));
        Assert.True(created.Succeeded, created.Message);
        await HostedNode.EventuallyAsync(() => _record.RunningOn("registry").Count == 1, Wait, "the controller runs");

        var entity = await _node.System.ActorSelection("/system/sharding/controllers/*/registry").ResolveOne(Wait);
        // not a passivation: the shard remembers it and starts it again 300 ms later, with no message, while the
        // controller's stop (1 s) still goes on
        entity.Tell(PoisonPill.Instance);

        await HostedNode.EventuallyAsync(() => _record.Count("start") == 2 && _record.RunningOn("registry").Count == 1, Wait, "the controller runs again");
        await Task.Delay(1000);   // and only once: the owner's answer to the new entity does not start it a third time
        Assert.Equal(["start registry on eg-1 (first)", "stop registry on eg-1", "start registry on eg-1 (first)"], _record.Events);
        Assert.Equal(1, _record.MostAtOnce("registry"));
    }

    [Fact]
    public async Task A_controller_that_throws_at_start_is_retried_with_backoff_and_shows_its_failure_meanwhile()
    {
        await _node.Objects.CreateAsync("flaky", RecordingControllerKind.Document("flaky", failStarts: 2));
        await EventuallyAsync(async () => (await StatusOfAsync("flaky"))?["state"]?.GetValue<string>() == "failed", "its status shows the failure");
        var failed = (await StatusOfAsync("flaky"))!;
        Assert.Equal("failed", failed["health"]!.GetValue<string>());
        Assert.Contains("refused on purpose", failed["error"]!.GetValue<string>());
        Assert.True(failed["attempts"]!.GetValue<int>() >= 1);

        await HostedNode.EventuallyAsync(() => _record.RunningOn("flaky").Count == 1, Wait, "the third attempt starts it");
        Assert.Equal(3, _record.Attempts("flaky"));
        var times = _record.AttemptTimes("flaky");
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(240), $"first wait {(times[1] - times[0]).TotalMilliseconds} ms");   // 300 ms ±20%
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(480), $"second wait {(times[2] - times[1]).TotalMilliseconds} ms");   // doubled
        await EventuallyAsync(async () => (await StatusOfAsync("flaky"))?["state"]?.GetValue<string>() == "running", "its status shows it running");
        Assert.Null((await StatusOfAsync("flaky"))!["error"]);
    }

    [Fact]
    public async Task After_a_restart_of_the_cluster_each_live_controller_runs_once_and_a_deleted_one_does_not()
    {
        await _node.Objects.CreateAsync("kept", RecordingControllerKind.Document("kept"));
        await _node.Objects.CreateAsync("deleted", RecordingControllerKind.Document("deleted"));
        await HostedNode.EventuallyAsync(() => _record.RunningOn("kept").Count == 1 && _record.RunningOn("deleted").Count == 1, Wait, "both run");
        await _node.Objects.DeleteAsync("deleted");
        await HostedNode.EventuallyAsync(() => _record.RunningOn("deleted").Count == 0, Wait, "the deleted one stops");

        await _node.DisposeAsync();   // the whole cluster stops ...
        Assert.Empty(_record.RunningOn("kept"));
        _node = await StartNodeAsync();   // ... and starts again from the journal

        await HostedNode.EventuallyAsync(() => _record.RunningOn("kept").Count == 1, Wait, "the live controller runs again");
        await Task.Delay(2000);   // the remembered entity and the leader's republish both reach it: it starts once
        Assert.Equal(2, _record.Count("start kept"));
        Assert.Equal(1, _record.Count("start deleted"));
        Assert.Equal(1, _record.MostAtOnce("kept"));
    }
}
