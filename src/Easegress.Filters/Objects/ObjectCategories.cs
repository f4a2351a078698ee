namespace Easegress.Filters.Objects;

/// <summary>Easegress's object categories (<c>supervisor.ObjectCategory</c>).</summary>
public static class ObjectCategories
{
    public const string SystemController = "SystemController";
    public const string BusinessController = "BusinessController";
    public const string Pipeline = "Pipeline";
    public const string TrafficGate = "TrafficGate";
}
