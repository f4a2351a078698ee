namespace Easegress.Objects;

/// <summary>Easegress's object categories (<c>supervisor.ObjectCategory</c>).</summary>
public static class ObjectCategories
{
    public const string SystemController = "SystemController";
    public const string BusinessController = "BusinessController";
    public const string Pipeline = "Pipeline";
    public const string TrafficGate = "TrafficGate";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
        { SystemController, BusinessController, Pipeline, TrafficGate };
}
