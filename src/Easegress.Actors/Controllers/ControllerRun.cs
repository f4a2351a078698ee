using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Event;
using Easegress.Actors.Objects;
using Easegress.Objects;
using Easegress.Specs;

namespace Easegress.Actors.Controllers;

/// <summary>
/// The running copy of one business controller on this member, as its <see cref="ControllerEntity"/> drives it (the
/// entity decides which version runs; this starts, updates and stops it, and reports its state to
/// <see cref="HostedControllers"/>). Not thread-safe: only the entity calls it, one call at a time.
/// </summary>
internal sealed class ControllerRun(string name, ObjectKindRegistry kinds, HostedControllers hosted, ControllerEnvironment environment,
    ControllerBackoff backoff, ILoggingAdapter log)
{
    private IController? _running;
    private long _version;
    private int _failures;   // failed starts in a row
    private ControllerReport? _report;

    public bool Running => _running is not null;

    /// <summary>A new version is wanted: the failures of the one before do not count towards its backoff.</summary>
    public void NewVersion() => _failures = 0;

    /// <summary>Runs <paramref name="wanted"/>: updates the running controller in place, or starts one (a controller that
    /// refuses the update is started again from it). Returns how long to wait before trying again when the start threw;
    /// null when it runs, or when the version cannot run on this member (a new version is needed).</summary>
    public async Task<TimeSpan?> ApplyAsync(RunController wanted)
    {
        ControllerKind kind;
        object spec;
        try
        {
            var validated = kinds.Validate(JsonNode.Parse(wanted.Document)!.AsObject());
            kind = validated.Kind is ControllerKind { RunsOncePerCluster: true } k ? k
                : throw new SpecException("kind", $"{validated.Kind.Name} is not a business controller on this member");
            spec = validated.Spec;
        }
        catch (Exception e) when (e is SpecException or JsonException)
        {
            log.Error("controller {0} version {1} cannot run on this member: {2}", name, wanted.Version, e.Message);
            await StopAsync("its new version cannot run");
            Report(wanted, ControllerReport.Failed, e.Message);
            return null;
        }

        if (_running is { } running)
        {
            try
            {
                await running.UpdateAsync(spec);
                _version = wanted.Version;
                Report(wanted, ControllerReport.Runs);
                log.Info("controller {0} updated to version {1} on {2}", name, wanted.Version, hosted.Member);
                return null;
            }
            catch (Exception e)
            {
                log.Warning("controller {0} did not take version {1} ({2}): it starts again from it", name, wanted.Version, e.Message);
                await StopAsync("it did not take its new version");
            }
        }
        return await StartAsync(kind, spec, wanted);
    }

    private async Task<TimeSpan?> StartAsync(ControllerKind kind, object spec, RunController wanted)
    {
        await hosted.StoppedAsync(name);   // an earlier entity's copy on this member
        Report(wanted, ControllerReport.Starting);
        try
        {
            _running = await kind.StartControllerAsync(spec, environment);
            _version = wanted.Version;
            _failures = 0;
            Report(wanted, ControllerReport.Runs);
            log.Info("controller {0} ({1}) started at version {2} on {3}", name, wanted.Kind, wanted.Version, hosted.Member);
            return null;
        }
        catch (Exception e)
        {
            _failures++;
            var wait = backoff.After(_failures);
            Report(wanted, ControllerReport.Failed, e.Message);
            log.Warning("controller {0} ({1}) version {2} failed to start (attempt {3}): {4}; next attempt in {5:0.0}s",
                name, wanted.Kind, wanted.Version, _failures, e.Message, wait.TotalSeconds);
            return wait;
        }
    }

    /// <summary>Stops the running controller, if any, and withdraws its status (first, so that no reader asks a stopping
    /// controller for it).</summary>
    public Task StopAsync(string why)
    {
        hosted.Withdraw(name);
        if (_running is not { } running) return Task.CompletedTask;
        _running = null;
        return DisposeAsync(running, _version, why);
    }

    /// <summary>The entity ends without waiting (a restart, the actor system stopping): the stop goes on, and the next
    /// entity of this name on the member waits for it.</summary>
    public void Abandon()
    {
        hosted.Withdraw(name);
        if (_running is not { } running) return;
        _running = null;
        hosted.Stopping(name, DisposeAsync(running, _version, "its entity stopped"));
    }

    private async Task DisposeAsync(IController running, long version, string why)
    {
        try
        {
            await running.DisposeAsync().ConfigureAwait(false);
            log.Info("controller {0} version {1} stopped on {2}: {3}", name, version, hosted.Member, why);
        }
        catch (Exception e)
        {
            log.Error("controller {0} did not stop cleanly: {1}", name, e.Message);
        }
    }

    private void Report(RunController wanted, string state, string? error = null)
    {
        var since = _report is { } previous && previous.State == state ? previous.Since : DateTimeOffset.UtcNow;
        _report = new ControllerReport(wanted.Kind, state == ControllerReport.Runs ? _version : wanted.Version, state, since,
            state == ControllerReport.Runs ? _running : null, error, state == ControllerReport.Failed ? _failures : 0);
        hosted.Report(name, _report);
    }
}
