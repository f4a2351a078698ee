using System.CommandLine;
using Easegress.Ctl.Output;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl apis</c>: the admin API's endpoints as a table <c>PATH METHOD VERSION GROUP</c>, sorted by path.</summary>
internal static class ApisCommand
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("apis", "List the admin API's endpoints");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var groups = await CommandContext.ReadJsonAsync(context.Admin.ListApisAsync(ct), "get apis").ConfigureAwait(false);
            if (context.Format != OutputFormat.Default)
            {
                context.PrintJson(groups);
                return ExitCodes.Success;
            }

            var rows =
                from grouped in JsonFields.Objects(groups)
                from entry in JsonFields.Objects(JsonFields.Find(grouped, "Entries"))
                orderby JsonFields.Text(entry, "path"), JsonFields.Text(entry, "method")
                select new[] { JsonFields.Text(entry, "path"), JsonFields.Text(entry, "method"), AdminClient.BasePath, JsonFields.Text(grouped, "Group") };
            var table = new Table("PATH", "METHOD", "VERSION", "GROUP");
            foreach (var row in rows)
            {
                table.Add(row);
            }

            table.Write(context.Console.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
