using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Objects;
using Easegress.Specs;

namespace Easegress.Actors.Tests.Controllers;

/// <summary>
/// A business controller kind that exists only in tests: its controllers write every start, update and stop into a
/// <see cref="ControllerRecord"/> shared by the members of a test, each labelled with the member it runs on (every
/// member registers its own instance of the kind). Spec: <c>name</c>, <c>note</c> (any text, shown in its status),
/// <c>failStarts</c>: how many of the object's first start attempts throw, and <c>stopMillis</c>: how long a stop takes
/// (a controller deregistering itself somewhere), so that a copy started before the last one finished stopping shows.
/// </summary>
public sealed class RecordingControllerKind(ControllerRecord record, string member) : ControllerKind
{
    public const string KindName = "RecordingController";

    public override string Name => KindName;
    public override IReadOnlyList<string> Aliases => ["recordingcontroller"];

    public override object Validate(JsonObject document, TrafficEnvironmentShape shape)
    {
        var failStarts = document["failStarts"] is { } f
            ? f.GetValueKind() == JsonValueKind.Number && f.GetValue<int>() >= 0 ? f.GetValue<int>() : throw new SpecException("failStarts", "must be a whole number, 0 or more")
            : 0;
        return new RecordingSpec(document["name"]!.GetValue<string>(), document["note"]?.GetValue<string>() ?? "", failStarts,
            document["stopMillis"]?.GetValue<int>() ?? 0);
    }

    public override Task<IController> StartControllerAsync(object spec, ControllerEnvironment environment)
    {
        var recording = (RecordingSpec)spec;
        var attempt = record.Attempt(recording.Name);
        if (attempt <= recording.FailStarts) throw new InvalidOperationException($"start attempt {attempt} of {recording.Name} refused on purpose");
        record.Started(recording.Name, member, recording.Note);
        return Task.FromResult<IController>(new RecordingController(record, member, recording));
    }

    public static string Document(string name, string note = "first", int failStarts = 0, int stopMillis = 0) =>
        new JsonObject { ["name"] = name, ["kind"] = KindName, ["note"] = note, ["failStarts"] = failStarts, ["stopMillis"] = stopMillis }
            .ToJsonString();

    private sealed record RecordingSpec(string Name, string Note, int FailStarts, int StopMillis);

    private sealed class RecordingController(ControllerRecord record, string member, RecordingSpec spec) : IController
    {
        private volatile RecordingSpec _spec = spec;

        public Task UpdateAsync(object spec)
        {
            _spec = (RecordingSpec)spec;
            record.Updated(_spec.Name, member, _spec.Note);
            return Task.CompletedTask;
        }

        public object Status() => new Dictionary<string, object> { ["note"] = _spec.Note };

        public async ValueTask DisposeAsync()
        {
            await Task.Delay(_spec.StopMillis);
            record.Stopped(_spec.Name, member);
        }
    }
}

/// <summary>What the recording controllers of a test did, in order, and how many copies of each ran at once at most.</summary>
public sealed class ControllerRecord
{
    private readonly object _gate = new();
    private readonly List<string> _events = [];
    private readonly Dictionary<string, List<string>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _mostAtOnce = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTime>> _attemptTimes = new(StringComparer.Ordinal);

    /// <summary>Every event, as <c>"start NAME on MEMBER (NOTE)"</c>, <c>"update NAME on MEMBER (NOTE)"</c>,
    /// <c>"stop NAME on MEMBER"</c>.</summary>
    public IReadOnlyList<string> Events { get { lock (_gate) return _events.ToList(); } }

    public IReadOnlyList<string> RunningOn(string name) { lock (_gate) return _running.TryGetValue(name, out var m) ? m.ToList() : []; }

    /// <summary>The most copies of <paramref name="name"/> that ever ran at the same time.</summary>
    public int MostAtOnce(string name) { lock (_gate) return _mostAtOnce.GetValueOrDefault(name); }

    public int Attempts(string name) { lock (_gate) return _attempts.GetValueOrDefault(name); }

    public IReadOnlyList<DateTime> AttemptTimes(string name) { lock (_gate) return _attemptTimes.TryGetValue(name, out var t) ? t.ToList() : []; }

    public int Count(string prefix) { lock (_gate) return _events.Count(e => e.StartsWith(prefix, StringComparison.Ordinal)); }

    internal int Attempt(string name)
    {
        lock (_gate)
        {
            (_attemptTimes.TryGetValue(name, out var times) ? times : _attemptTimes[name] = []).Add(DateTime.UtcNow);
            return _attempts[name] = _attempts.GetValueOrDefault(name) + 1;
        }
    }

    internal void Started(string name, string member, string note)
    {
        lock (_gate)
        {
            _events.Add($"start {name} on {member} ({note})");
            var running = _running.TryGetValue(name, out var r) ? r : _running[name] = [];
            running.Add(member);
            _mostAtOnce[name] = Math.Max(_mostAtOnce.GetValueOrDefault(name), running.Count);
        }
    }

    internal void Updated(string name, string member, string note)
    {
        lock (_gate) _events.Add($"update {name} on {member} ({note})");
    }

    internal void Stopped(string name, string member)
    {
        lock (_gate)
        {
            _events.Add($"stop {name} on {member}");
            if (_running.TryGetValue(name, out var running)) running.Remove(member);
        }
    }
}
