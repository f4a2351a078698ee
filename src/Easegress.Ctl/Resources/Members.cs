using System.Text.Json.Nodes;
using Easegress.Ctl.Output;

namespace Easegress.Ctl.Resources;

/// <summary>The cluster's members as <c>/status/members</c> lists them (options, heartbeat, cluster state).</summary>
internal static class Members
{
    public static string NameOf(JsonObject member) => JsonFields.Find(member, "options") is JsonObject options
        ? JsonFields.Text(options, "name")
        : "";

    /// <summary>Table <c>NAME ROLE AGE STATE API-ADDR HEARTBEAT</c>; AGE counts from the member's start.</summary>
    public static Table Table(IEnumerable<JsonObject> members, DateTimeOffset now)
    {
        var table = new Table("NAME", "ROLE", "AGE", "STATE", "API-ADDR", "HEARTBEAT");
        foreach (var member in members)
        {
            var options = JsonFields.Find(member, "options") as JsonObject ?? [];
            var etcd = JsonFields.Find(member, "etcd") as JsonObject;
            var heartbeat = Age.Since(JsonFields.Text(member, "lastHeartbeatTime"), now);
            table.Add(
                JsonFields.Text(options, "name"),
                JsonFields.Text(options, "cluster-role"),
                etcd is null ? Age.Unknown : Age.Since(JsonFields.Text(etcd, "startTime"), now),
                etcd is null ? "" : JsonFields.Text(etcd, "state"),
                JsonFields.Text(options, "api-addr"),
                heartbeat == Age.Unknown ? heartbeat : heartbeat + " ago");
        }

        return table;
    }

    /// <summary>
    /// A member as <c>describe member</c> shows it: its options at the top level beside the heartbeat and the
    /// cluster state.
    /// </summary>
    public static JsonObject Flattened(JsonObject member)
    {
        var result = new JsonObject();
        if (JsonFields.Find(member, "options") is JsonObject options)
        {
            foreach (var (key, value) in options)
            {
                result[key] = value?.DeepClone();
            }
        }

        foreach (var (key, value) in member)
        {
            if (key != "options")
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    /// <summary>How <c>describe member</c> orders the fields.</summary>
    public static Description Description(bool verbose) => new()
    {
        First = ["name", "lastHeartbeatTime", "", "etcd", ""],
        Verbose = verbose,
    };
}
