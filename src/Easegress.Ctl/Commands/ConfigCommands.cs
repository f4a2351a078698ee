using System.CommandLine;
using Easegress.Ctl.Output;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl config current-context | view | get-contexts | use-context NAME</c>: the egctl config file
/// (<c>~/.egctlrc</c>, or <c>$EGCTL_CONFIG</c>).</summary>
internal static class ConfigCommands
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("config", "View and switch the contexts of the egctl config (~/.egctlrc)");

        var current = new Command("current-context", "Print the current context");
        SetLocalAction(current, cli, config => cli.Console.Out.WriteLine(config.CurrentContext));

        var view = new Command("view", "Print the config, passwords and keys hidden");
        SetLocalAction(view, cli, config =>
        {
            foreach (var user in config.Users)
            {
                if (user.User.Password is not null) user.User.Password = "xxxxx";
                if (user.User.ClientKeyData is not null) user.User.ClientKeyData = "xxxxx";
            }
            var path = Path.GetTempFileName();
            try { config.Save(path); cli.Console.Out.Write(File.ReadAllText(path)); }
            finally { File.Delete(path); }
        });

        var list = new Command("get-contexts", "List the contexts");
        SetLocalAction(list, cli, config =>
        {
            var table = new Table("CURRENT", "NAME", "CLUSTER", "USER");
            foreach (var c in config.Contexts)
                table.Add(c.Name == config.CurrentContext ? "*" : "", c.Name, c.Context.Cluster, c.Context.User);
            table.Write(cli.Console.Out);
        });

        var name = new Argument<string>("NAME") { Description = "A context of the config" };
        var use = new Command("use-context", "Make NAME the current context") { name };
        use.SetAction(parse => Run(cli, () =>
        {
            var path = EgctlConfig.DefaultPath;
            var config = Require(path);
            var wanted = parse.GetValue(name)!;
            if (config.Contexts.All(c => c.Name != wanted))
                throw new CtlException($"no context \"{wanted}\" in {path} (contexts: {string.Join(", ", config.Contexts.Select(c => c.Name))})");
            config.CurrentContext = wanted;
            config.Save(path);
            cli.Console.Out.WriteLine($"switched to context \"{wanted}\"");
        }));

        command.Subcommands.Add(current);
        command.Subcommands.Add(view);
        command.Subcommands.Add(list);
        command.Subcommands.Add(use);
        return command;
    }

    private static void SetLocalAction(Command command, EgctlCli cli, Action<EgctlConfig> show) =>
        command.SetAction(_ => Run(cli, () => show(Require(EgctlConfig.DefaultPath))));

    private static int Run(EgctlCli cli, Action body)
    {
        try
        {
            body();
            return ExitCodes.Success;
        }
        catch (CtlException e)
        {
            cli.Console.Error.WriteLine(e.Message);
            return ExitCodes.Failure;
        }
    }

    private static EgctlConfig Require(string path) =>
        EgctlConfig.Load(path) ?? throw new CtlException($"no egctl config at {path}");
}
