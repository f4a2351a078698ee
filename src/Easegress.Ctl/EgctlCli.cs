using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Easegress.Ctl.Commands;

namespace Easegress.Ctl;

/// <summary>
/// The egctl command tree and how it runs. Command groups (<see cref="ObjectCommands"/>, <see cref="MemberCommands"/>,
/// ...) add themselves to the root and bind their actions through <see cref="SetAction"/>, which gives each action a
/// <see cref="CommandContext"/> and turns <see cref="CtlException"/> into a message on standard error and exit code 1.
/// </summary>
internal sealed class EgctlCli
{
    private EgctlCli(CtlConsole console)
    {
        Console = console;
    }

    public CtlConsole Console { get; }

    public GlobalOptions Globals { get; } = new();

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; answers the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CtlConsole console, CancellationToken ct = default)
    {
        var root = new EgctlCli(console).BuildRoot();
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            ProcessTerminationTimeout = null,
        };

        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"Error: {error.Message}");
            }

            var path = string.Join(' ', CommandPath(parse));
            console.Error.WriteLine($"Run '{path} --help' for usage.");
            return ExitCodes.Failure;
        }

        return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
    }

    /// <summary>Binds <paramref name="body"/> as the action of <paramref name="command"/>.</summary>
    public void SetAction(Command command, Func<CommandContext, ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var context = new CommandContext(
                    Console, new AdminClient(Globals.Connection(parse)), Globals.Format(parse));
                return await body(context, parse, ct).ConfigureAwait(false);
            }
            catch (CtlException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Failure;
            }
        });
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("egctl: the command-line client of the Easegress.NET admin API");
        Globals.AddTo(root);
        root.Subcommands.Add(CreateCommand.Create(this));
        root.Subcommands.Add(ApplyCommand.Create(this));
        root.Subcommands.Add(GetCommand.Create(this));
        root.Subcommands.Add(DescribeCommand.Create(this));
        root.Subcommands.Add(DeleteCommand.Create(this));
        root.Subcommands.Add(EditCommand.Create(this));
        root.Subcommands.Add(ApiResourcesCommand.Create(this));
        root.Subcommands.Add(ApisCommand.Create(this));
        root.Subcommands.Add(HealthCommand.Create(this));
        root.Subcommands.Add(MemberCommands.Create(this));
        root.Subcommands.Add(ClusterCommands.Create(this));
        root.Subcommands.Add(LogsCommand.Create(this));
        root.Subcommands.Add(ConfigCommands.Create(this));
        root.Subcommands.Add(MetricsCommand.Create(this));
        root.Subcommands.Add(ObjectCommands.Create(this));
        root.SetAction(parse => new HelpAction().Invoke(parse));
        return root;
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Push(result.Command is RootCommand ? "egctl" : result.Command.Name);
        }

        return names;
    }
}
