using System.CommandLine;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl cluster show|shards|singleton|leave MEMBER|down MEMBER</c>: the operator console for the Akka.NET cluster
/// under the gateway (what Petabridge.Cmd's cluster and sharding commands show), over the admin API.
/// </summary>
internal static class ClusterCommands
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("cluster", "Operate the cluster: members, reachability, shards, the leader singleton");
        command.Subcommands.Add(Show(cli));
        command.Subcommands.Add(Shards(cli));
        command.Subcommands.Add(Singleton(cli));
        command.Subcommands.Add(OnMember(cli, "leave", "Ask a member to leave the cluster gracefully", "is leaving the cluster"));
        command.Subcommands.Add(OnMember(cli, "down", "Mark an unreachable member down so the cluster moves on without it", "is marked down"));
        return command;
    }

    private static Command Show(EgctlCli cli)
    {
        var command = new Command("show", "Members with status, roles and reachability; the cluster leader, the oldest member and the singleton");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var view = await CommandContext.ReadJsonAsync(context.Admin.GetClusterAsync("", ct), "show cluster").ConfigureAwait(false);
            if (context.Format != OutputFormat.Default) { context.PrintJson(view); return ExitCodes.Success; }
            var output = context.Console.Out;
            output.WriteLine($"Self:      {Text(view?["self"])}");
            output.WriteLine($"Leader:    {Text(view?["leader"])}   (Akka's cluster leader: membership changes)");
            output.WriteLine($"Oldest:    {Text(view?["oldest"])}");
            output.WriteLine($"Singleton: {Text(view?["singleton"])}   (runs the Easegress leader)");
            output.WriteLine();
            var table = new Table("NAME", "STATUS", "REACHABLE", "ROLES", "ADDRESS");
            foreach (var member in view?["members"]?.AsArray() ?? [])
            {
                table.Add(Text(member?["name"]), Text(member?["status"]), member?["reachable"]?.GetValue<bool>() == true ? "yes" : "NO",
                    string.Join(',', member?["roles"]?.AsArray().Select(Text) ?? []), Text(member?["address"]));
            }
            table.Write(output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Shards(EgctlCli cli)
    {
        var command = new Command("shards", "The object shards and their entities on each primary");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var regions = await CommandContext.ReadJsonAsync(context.Admin.GetClusterAsync("shards", ct), "show shards").ConfigureAwait(false);
            if (context.Format != OutputFormat.Default) { context.PrintJson(regions); return ExitCodes.Success; }
            var table = new Table("MEMBER", "SHARD", "ENTITIES");
            foreach (var region in regions?.AsArray() ?? [])
                foreach (var shard in region?["shards"]?.AsArray() ?? [])
                    table.Add(Text(region?["member"]), Text(shard?["id"]), string.Join(',', shard?["entities"]?.AsArray().Select(Text) ?? []));
            table.Write(context.Console.Out);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Singleton(EgctlCli cli)
    {
        var command = new Command("singleton", "Where the leader singleton runs");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var singleton = await CommandContext.ReadJsonAsync(context.Admin.GetClusterAsync("singleton", ct), "show singleton").ConfigureAwait(false);
            if (context.Format != OutputFormat.Default) { context.PrintJson(singleton); return ExitCodes.Success; }
            return context.Succeed(singleton?["member"] is null
                ? "the leader singleton runs nowhere now (no primary is up)"
                : $"the leader singleton runs on {Text(singleton["member"])} ({Text(singleton["address"])})");
        });
        return command;
    }

    private static Command OnMember(EgctlCli cli, string action, string description, string done)
    {
        var name = new Argument<string>("MEMBER") { Description = "The member's name (or its akka.tcp:// address)" };
        var command = new Command(action, description) { name };
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var member = parse.GetValue(name)!;
            await CommandContext.ReadJsonAsync(context.Admin.ActOnMemberAsync(member, action, ct), $"{action} {member}").ConfigureAwait(false);
            return context.Succeed($"{member} {done}");
        });
        return command;
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? "-";
}
