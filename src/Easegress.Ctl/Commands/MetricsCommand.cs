using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl metrics</c>: the node's Prometheus metrics, as a scrape would see them.</summary>
internal static class MetricsCommand
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("metrics", "Print the server's metrics in the Prometheus text format");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var reply = await context.Admin.GetMetricsAsync(ct).ConfigureAwait(false);
            if (!reply.IsSuccess) return context.Fail(reply.ErrorText);
            context.Console.Out.Write(reply.Body);
            return ExitCodes.Success;
        });
        return command;
    }
}
