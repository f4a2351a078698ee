using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl logs [--tail N] [-f]</c>, <c>egctl logs get-level</c>, <c>egctl logs set-level debug|info</c>.</summary>
internal static class LogsCommand
{
    public static Command Create(EgctlCli cli)
    {
        var tail = new Option<int>("--tail") { Description = "Lines from the end of the log (-1: all)", DefaultValueFactory = _ => 500 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until interrupted" };
        var command = new Command("logs", "Print the server's log") { tail, follow };
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var lines = parse.GetValue(tail);
            if (lines < -1) return context.Fail($"--tail: {lines} is not a count of lines (-1 for all)");
            await context.Admin.StreamLogsAsync(lines, parse.GetValue(follow), context.Console.Out, ct).ConfigureAwait(false);
            return ExitCodes.Success;
        });

        var getLevel = new Command("get-level", "Print the server's log level");
        cli.SetAction(getLevel, async (context, _, ct) =>
        {
            var reply = await context.Admin.GetLogLevelAsync(ct).ConfigureAwait(false);
            return reply.IsSuccess ? context.Succeed(reply.Body.Trim()) : context.Fail(reply.ErrorText);
        });

        var level = new Argument<string>("LEVEL") { Description = "debug or info" };
        var setLevel = new Command("set-level", "Change the server's log level") { level };
        cli.SetAction(setLevel, async (context, parse, ct) =>
        {
            var reply = await context.Admin.SetLogLevelAsync(parse.GetValue(level)!, ct).ConfigureAwait(false);
            return reply.IsSuccess ? context.Succeed($"log level set to {reply.Body.Trim()}") : context.Fail(reply.ErrorText);
        });
        command.Subcommands.Add(getLevel);
        command.Subcommands.Add(setLevel);
        return command;
    }
}
