using System.Collections.Concurrent;
using Easegress.Objects;

namespace Easegress.Actors.Controllers;

/// <summary>
/// The business controllers this member hosts now, by object name: their controller entities report here, and the
/// member's status (<c>/status/objects</c>, asked of every member) includes them. It also holds the stop of a
/// controller whose entity ended without waiting for it, so that the next entity of that name on this member starts
/// only once it has stopped: one running copy, even across an entity's restart.
/// </summary>
public sealed class HostedControllers(string member)
{
    private readonly ConcurrentDictionary<string, ControllerReport> _reports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _stopping = new(StringComparer.Ordinal);

    /// <summary>The member these controllers run on, as its status names it.</summary>
    public string Member => member;

    internal void Report(string name, ControllerReport report) => _reports[name] = report;

    internal void Withdraw(string name) => _reports.TryRemove(name, out _);

    /// <summary>A controller of <paramref name="name"/> that is still stopping; the next start waits for it.</summary>
    internal void Stopping(string name, Task stopped)
    {
        _stopping[name] = stopped;
        stopped.ContinueWith(_ => _stopping.TryRemove(new(name, stopped)), TaskScheduler.Default);
    }

    internal Task StoppedAsync(string name) => _stopping.TryGetValue(name, out var stopped) ? stopped : Task.CompletedTask;

    /// <summary>The status of every controller on this member, by object name.</summary>
    public IReadOnlyDictionary<string, object> Status() =>
        _reports.ToDictionary(r => r.Key, r => (object)r.Value.Describe(member), StringComparer.Ordinal);
}

/// <summary>What a controller entity shows of its controller. Immutable: the entity replaces it at each change, and
/// readers on other threads see one whole state.</summary>
internal sealed record ControllerReport(string Kind, long Version, string State, DateTimeOffset Since, IController? Running = null,
    string? Error = null, int Attempts = 0)
{
    public const string Starting = "starting";
    public const string Runs = "running";
    public const string Failed = "failed";

    public Dictionary<string, object?> Describe(string member)
    {
        var status = new Dictionary<string, object?>
        {
            ["health"] = State switch { Runs => "ok", Failed => "failed", _ => "unknown" },
            ["state"] = State,
            ["member"] = member,
            ["kind"] = Kind,
            ["version"] = Version,
            ["since"] = Since.ToString("O"),
        };
        if (Error is not null) status["error"] = Error;
        if (Attempts > 0) status["attempts"] = Attempts;
        if (Running is not null) status["controller"] = ControllerStatus(Running);
        return status;
    }

    private static object ControllerStatus(IController controller)
    {
        try { return controller.Status(); }
        catch (Exception e) { return new Dictionary<string, object> { ["error"] = $"its status failed: {e.Message}" }; }
    }
}
