namespace Easegress.Actors.Traffic;

/// <summary>Asks a node's traffic controller for the status of its objects.</summary>
public sealed record GetTrafficStatus
{
    public static readonly GetTrafficStatus Instance = new();
}

/// <summary>The status of every object on one member, as JSON text (<c>{name: status}</c>).</summary>
public sealed record TrafficStatus(string Member, long Timestamp, string Json);

/// <summary>Marker type for the traffic controller in the actor registry.</summary>
public sealed class TrafficControllerKey;

/// <summary>Stops every traffic object of this node (listeners drain their requests); answered with
/// <see cref="TrafficStopped"/>. The node sends it first when it shuts down, before leaving the cluster.</summary>
public sealed record StopTraffic
{
    public static readonly StopTraffic Instance = new();
}

public sealed record TrafficStopped
{
    public static readonly TrafficStopped Instance = new();
}

/// <summary>Asks this node's traffic controller for its objects' Prometheus metrics, labelled with the node's
/// cluster name, role and instance name; answered with <see cref="TrafficMetrics"/>.</summary>
public sealed record GetTrafficMetrics(string ClusterName, string ClusterRole, string InstanceName);

/// <summary>Prometheus text (format 0.0.4) of the traffic objects of one node.</summary>
public sealed record TrafficMetrics(string Text);
