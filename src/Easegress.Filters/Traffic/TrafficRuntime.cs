using System.Text.Json.Nodes;
using Easegress.Objects;
using Easegress.Specs;
using Easegress.Statistics;
using Microsoft.Extensions.Logging;

namespace Easegress.Traffic;

/// <summary>An object as the catalog holds it.</summary>
public sealed record CatalogObject(string Name, string Kind, long Version, JsonObject Document);

/// <summary>
/// Every object that runs on each node: traffic objects and system controllers. <see cref="ApplyAsync"/> takes the
/// whole desired catalog and starts, updates and stops objects to match it; it leaves out business controllers, which
/// run once per cluster (<see cref="ControllerKind.RunsOncePerCluster"/>). Calls must not overlap (the node's traffic
/// controller actor serializes them).
/// </summary>
public sealed class TrafficRuntime(TrafficEnvironment environment, ObjectKindRegistry kinds) : IAsyncDisposable
{
    private sealed record Running(CatalogObject Source, ObjectKind Kind, ITrafficObject? Object, string? Error);

    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly ILogger _logger = environment.LoggerFactory.CreateLogger("TrafficController");

    public TrafficEnvironment Environment => environment;

    public async Task ApplyAsync(IReadOnlyCollection<CatalogObject> desired)
    {
        desired = desired.Where(o => !(kinds.TryGet(o.Kind, out var kind) && ControllerKind.OncePerCluster(kind))).ToList();
        var wanted = desired.ToDictionary(o => o.Name, StringComparer.Ordinal);

        // stop what is gone (servers before the pipelines they route to)
        foreach (var gone in _running.Values.Where(r => !wanted.ContainsKey(r.Source.Name)).OrderByDescending(r => r.Kind.StartRank).ToList())
            await StopAsync(gone).ConfigureAwait(false);

        // start or update the rest (pipelines before servers)
        foreach (var item in desired.OrderBy(RankOf).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            if (_running.TryGetValue(item.Name, out var current) && current.Source.Version == item.Version) continue;
            await StartOrUpdateAsync(item, current).ConfigureAwait(false);
        }
    }

    /// <summary>Status of every object on this node, by name.</summary>
    public IReadOnlyDictionary<string, object> Status()
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (name, running) in _running)
        {
            result[name] = running.Object is { } o
                ? o.Status()
                : new Dictionary<string, object?> { ["health"] = "failed", ["state"] = "failed", ["error"] = running.Error };
        }
        return result;
    }

    /// <summary>The Prometheus metrics of every object on this node that has some, labelled with <paramref name="node"/>.</summary>
    public MetricFamilies Metrics(Labels node)
    {
        var metrics = new MetricFamilies();
        foreach (var (_, running) in _running.OrderBy(r => r.Key, StringComparer.Ordinal))
            if (running.Object is IMetricSource source) source.CollectMetrics(metrics, node);
        return metrics;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var running in _running.Values.OrderByDescending(r => r.Kind.StartRank).ToList())
            await StopAsync(running).ConfigureAwait(false);
    }

    private int RankOf(CatalogObject o) => kinds.TryGet(o.Kind, out var k) ? k.StartRank : int.MaxValue;

    private async Task StartOrUpdateAsync(CatalogObject item, Running? current)
    {
        ValidatedObject validated;
        try { validated = kinds.Validate(item.Document); }
        catch (SpecException e)
        {
            _logger.LogError("{Kind} {Name} version {Version} cannot run on this node: {Error}", item.Kind, item.Name, item.Version, e.Message);
            if (current is not null) await StopAsync(current).ConfigureAwait(false);
            _running[item.Name] = new Running(item, KindOf(item), null, e.Message);
            return;
        }

        try
        {
            if (current?.Object is { } running && current.Kind == validated.Kind)
            {
                await running.UpdateAsync(validated.Spec).ConfigureAwait(false);
                _running[item.Name] = current with { Source = item };
                _logger.LogInformation("{Kind} {Name} updated to version {Version}", item.Kind, item.Name, item.Version);
                return;
            }
            if (current is not null) await StopAsync(current).ConfigureAwait(false);
            var started = await validated.Kind.StartAsync(validated.Spec, environment).ConfigureAwait(false);
            _running[item.Name] = new Running(item, validated.Kind, started, null);
            _logger.LogInformation("{Kind} {Name} started at version {Version}", item.Kind, item.Name, item.Version);
        }
        catch (Exception e)
        {
            _logger.LogError("{Kind} {Name} version {Version} failed to start: {Error}", item.Kind, item.Name, item.Version, e.Message);
            _running[item.Name] = new Running(item, validated.Kind, current?.Object, e.Message);
        }
    }

    private ObjectKind KindOf(CatalogObject item) => kinds.TryGet(item.Kind, out var k) ? k : kinds.Kinds.First();

    private async Task StopAsync(Running running)
    {
        _running.Remove(running.Source.Name);
        if (running.Object is null) return;
        try
        {
            await running.Object.DisposeAsync().ConfigureAwait(false);
            _logger.LogInformation("{Kind} {Name} stopped", running.Source.Kind, running.Source.Name);
        }
        catch (Exception e)
        {
            _logger.LogError("{Kind} {Name} did not stop cleanly: {Error}", running.Source.Kind, running.Source.Name, e.Message);
        }
    }
}
