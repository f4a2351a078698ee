using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl member list</c> and <c>egctl member purge NAME</c> (Easegress v1).</summary>
internal static class MemberCommands
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("member", "View the cluster's members");
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Purge(cli));
        return command;
    }

    private static Command Purge(EgctlCli cli)
    {
        var name = new Argument<string>("NAME") { Description = "The dead member to remove" };
        var command = new Command("purge", "Remove a dead member from the cluster") { name };
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var member = parse.GetValue(name)!;
            await CommandContext.ReadJsonAsync(context.Admin.DeleteMemberAsync(member, ct), $"purge member {member}").ConfigureAwait(false);
            return context.Succeed($"purge member {member} successfully");
        });
        return command;
    }

    private static Command List(EgctlCli cli)
    {
        var command = new Command("list", "List every member with its options, heartbeat and cluster state");
        cli.SetAction(command, async (context, _, ct) =>
            context.PrintReply(await context.Admin.ListMembersAsync(ct).ConfigureAwait(false)));
        return command;
    }
}
