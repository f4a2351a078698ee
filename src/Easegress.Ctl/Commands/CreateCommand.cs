using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl create -f FILE|-</c>: creates the objects in a YAML file or standard input, one request per document;
/// <c>egctl create httpproxy ...</c> (see <see cref="HttpProxyCommand"/>) makes a server and pipelines from flags.
/// </summary>
internal static class CreateCommand
{
    public static Command Create(EgctlCli cli)
    {
        var file = SpecInput.FileOption();
        var command = new Command("create", "Create resources from a YAML file or standard input (documents separated by ---)") { file };
        command.Subcommands.Add(HttpProxyCommand.Create(cli));
        cli.SetAction(command, async (context, parse, ct) =>
            await SpecWrites.CreateAsync(context, await SpecInput.ReadAsync(context, parse.GetValue(file), ct), Dialect.V2, ct)
                .ConfigureAwait(false));
        return command;
    }
}
