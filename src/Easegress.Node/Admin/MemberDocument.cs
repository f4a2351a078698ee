using Easegress.Actors.Replica;
using System.Text.Json.Nodes;

namespace Easegress.Node.Admin;

/// <summary>A member in the shape of Easegress's <c>/status/members</c>.</summary>
public static class MemberDocument
{
    public static JsonObject From(MemberView member)
    {
        var r = member.Record;
        var document = new JsonObject
        {
            ["options"] = JsonNode.Parse(r.Options),
            ["lastHeartbeatTime"] = r.LastHeartbeat.ToString("yyyy-MM-ddTHH:mm:ssK"),
        };
        if (member.State is { } state)
        {
            document["etcd"] = new JsonObject
            {
                ["id"] = unchecked((ulong)r.Uid).ToString("x16"),
                ["startTime"] = r.StartTime.ToString("yyyy-MM-ddTHH:mm:ssK"),
                ["state"] = state,
            };
        }
        document["status"] = member.Status;
        document["address"] = r.Address;
        return document;
    }
}
