using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl health</c>: prints OK when the server's <c>/healthz</c> answers 200.</summary>
internal static class HealthCommand
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("health", "Check that the admin API answers (prints OK)");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var reply = await context.Admin.HealthAsync(ct).ConfigureAwait(false);
            return reply.IsSuccess ? context.Succeed("OK") : context.Fail(reply.ErrorText);
        });
        return command;
    }
}
