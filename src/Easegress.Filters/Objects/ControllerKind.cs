namespace Easegress.Objects;

/// <summary>
/// A kind whose objects are controllers rather than traffic. Its category decides where they run:
/// <list type="bullet">
/// <item><c>BusinessController</c> (the default): once per cluster, on one primary, and on another when that one dies
/// (the cluster's controller entities run it; the traffic runtime leaves it alone);</item>
/// <item><c>SystemController</c>: once per node, through the traffic runtime like a traffic object.</item>
/// </list>
/// Kinds that are not controller kinds run on every node whatever their category (GlobalFilter keeps Easegress's
/// category BusinessController and is traffic).
/// </summary>
public abstract class ControllerKind : ObjectKind
{
    public override string Category => ObjectCategories.BusinessController;

    /// <summary>True for a business controller: one running copy in the whole cluster.</summary>
    public bool RunsOncePerCluster => Category == ObjectCategories.BusinessController;

    /// <summary>Whether objects of <paramref name="kind"/> run once per cluster rather than on every node.</summary>
    public static bool OncePerCluster(ObjectKind kind) => kind is ControllerKind { RunsOncePerCluster: true };

    /// <summary>Starts a controller from a spec returned by <see cref="ObjectKind.Validate"/>; throws when it cannot
    /// start (it is tried again later).</summary>
    public abstract Task<IController> StartControllerAsync(object spec, ControllerEnvironment environment);

    /// <summary>How the traffic runtime starts a system controller on its node.</summary>
    public sealed override async Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment)
    {
        if (RunsOncePerCluster)
            throw new InvalidOperationException($"{Name} is a business controller: it runs once per cluster, not on every node");
        var controller = await StartControllerAsync(spec, new ControllerEnvironment { LoggerFactory = environment.LoggerFactory }).ConfigureAwait(false);
        return new NodeController(controller);
    }

    /// <summary>A system controller as the traffic runtime holds it.</summary>
    private sealed class NodeController(IController controller) : ITrafficObject
    {
        public Task UpdateAsync(object spec) => controller.UpdateAsync(spec);
        public object Status() => controller.Status();
        public ValueTask DisposeAsync() => controller.DisposeAsync();
    }
}
