using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl member list</c>: the cluster's members, as the server describes them.</summary>
internal static class MemberCommands
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("member", "View the cluster's members");
        command.Subcommands.Add(List(cli));
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
