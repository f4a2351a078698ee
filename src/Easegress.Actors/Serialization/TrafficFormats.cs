using Easegress.Actors.Traffic;

namespace Easegress.Actors.Serialization;

/// <summary>What a node's traffic controller is asked and answers: the status any member collects from every member,
/// and the metrics and shutdown asked on the node itself (covered too, so asking them across members needs no new
/// format).</summary>
public static class TrafficFormats
{
    public static IEnumerable<Format> All { get; } =
    [
        // {}
        new Format<GetTrafficStatus>("GetTrafficStatus.v1", (_, _) => { }, f => Empty(f, GetTrafficStatus.Instance)),

        // { 1: member, 2: timestamp (Unix seconds), 3: json }
        new Format<TrafficStatus>("TrafficStatus.v1", (s, o) =>
        {
            o.Text(1, s.Member);
            o.Number(2, s.Timestamp);
            o.Text(3, s.Json);
        }, ReadStatus),

        // { 1: cluster name, 2: cluster role, 3: instance name }
        new Format<GetTrafficMetrics>("GetTrafficMetrics.v1", (m, o) =>
        {
            o.Text(1, m.ClusterName);
            o.Text(2, m.ClusterRole);
            o.Text(3, m.InstanceName);
        }, ReadGetMetrics),

        // { 1: text }
        new Format<TrafficMetrics>("TrafficMetrics.v1", (m, o) => o.Text(1, m.Text), ReadMetrics),

        // {}
        new Format<StopTraffic>("StopTraffic.v1", (_, _) => { }, f => Empty(f, StopTraffic.Instance)),
        new Format<TrafficStopped>("TrafficStopped.v1", (_, _) => { }, f => Empty(f, TrafficStopped.Instance)),
    ];

    /// <summary>A message without fields: whatever a newer writer added is skipped.</summary>
    internal static T Empty<T>(FieldReader f, T instance)
    {
        while (f.Next()) f.Skip();
        return instance;
    }

    private static TrafficStatus ReadStatus(FieldReader f)
    {
        string member = "", json = "";
        long timestamp = 0;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: member = f.Text(); break;
                case 2 when f.IsVarint: timestamp = f.Int64(); break;
                case 3 when f.IsLength: json = f.Text(); break;
                default: f.Skip(); break;
            }
        }
        return new TrafficStatus(member, timestamp, json);
    }

    private static GetTrafficMetrics ReadGetMetrics(FieldReader f)
    {
        string cluster = "", role = "", instance = "";
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: cluster = f.Text(); break;
                case 2 when f.IsLength: role = f.Text(); break;
                case 3 when f.IsLength: instance = f.Text(); break;
                default: f.Skip(); break;
            }
        }
        return new GetTrafficMetrics(cluster, role, instance);
    }

    private static TrafficMetrics ReadMetrics(FieldReader f)
    {
        var text = "";
        while (f.Next())
        {
            if (f.Number == 1 && f.IsLength) text = f.Text();
            else f.Skip();
        }
        return new TrafficMetrics(text);
    }
}
