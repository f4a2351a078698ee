using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl apply -f FILE|-</c>: for each object in the file, updates it when it exists and creates it otherwise,
/// printing <c>update|create &lt;Kind&gt; &lt;name&gt; successfully</c>.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(EgctlCli cli)
    {
        var file = SpecInput.FileOption();
        var command = new Command("apply", "Create or update resources from a YAML file or standard input") { file };
        cli.SetAction(command, async (context, parse, ct) =>
            await SpecWrites.ApplyAsync(context, await SpecInput.ReadAsync(context, parse.GetValue(file), ct), ct).ConfigureAwait(false));
        return command;
    }
}
