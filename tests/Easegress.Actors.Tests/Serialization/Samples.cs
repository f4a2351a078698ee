using Easegress.Actors.Catalog;
using Easegress.Actors.Controllers;
using Easegress.Actors.Leadership;
using Easegress.Actors.Members;
using Easegress.Actors.Objects;
using Easegress.Actors.Traffic;

namespace Easegress.Actors.Tests.Serialization;

/// <summary>One value of every type that has a format, each field set to something other than its default (and
/// unlike its neighbours), so a field written under one number and read under another shows.</summary>
public static class Samples
{
    private static readonly DateTimeOffset Started = new(2026, 12, 7, 21, 13, 24, 254, TimeSpan.Zero);

    public static IReadOnlyList<object> All { get; } =
    [
        new ObjectWritten("pipeline-demo", "Pipeline", """{"name":"pipeline-demo","kind":"Pipeline","filters":[]}""", 507),
        new ObjectRemoved("pipeline-gone", 510),
        new CreateObject("server-demo", """{"name":"server-demo","kind":"HTTPServer","port":10080}"""),
        new UpdateObject("server-demo", """{"name":"server-demo","kind":"HTTPServer","port":10081}"""),
        new DeleteObject("server-demo"),
        new RepublishObject("pipeline-demo"),
        new WriteResult(201, "created", 42, "HTTPServer"),
        new VersionTaken("pipeline-gone", 510, true),
        new LeaderSnapshot(500, ["server-demo", "pipeline-demo", "pipeline-ünïcode"]),
        new AllocateVersion("pipeline-gone", true),
        new VersionAllocated(511),
        new VersionRefused("the leader is restarting after a journal failure"),
        new CatalogEntry("pipeline-demo", "Pipeline", 507, """{"name":"pipeline-demo"}"""),
        new MemberRecord("eg-1", "primary", """{"name":"eg-1"}""", "akka.tcp://eg@127.0.0.1:2380", -8123456789,
            Started, Started.AddTicks(51_234_567)),
        GetTrafficStatus.Instance,
        new TrafficStatus("eg-1", 1_796_000_000, """{"server-demo":{"health":"ok"}}"""),
        new GetTrafficMetrics("eg-cluster", "primary", "eg-1"),
        new TrafficMetrics("# TYPE x counter\nx 1\n"),
        StopTraffic.Instance,
        TrafficStopped.Instance,
        new RunController("registry-demo", "EtcdServiceRegistry", 512, """{"name":"registry-demo","kind":"EtcdServiceRegistry"}"""),
        new StopController("registry-gone", 513),
        HandOffController.Instance,
    ];
}
