using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl object</c> (aliases <c>o</c>, <c>obj</c>): the Easegress v1 object commands —
/// <c>kinds</c>, <c>create</c>, <c>update</c>, <c>delete [--all]</c>, <c>get</c>, <c>list</c> and <c>status get|list</c>.
/// </summary>
internal static class ObjectCommands
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("object", "Create, update, delete and view objects");
        command.Aliases.Add("o");
        command.Aliases.Add("obj");
        command.Subcommands.Add(Kinds(cli));
        command.Subcommands.Add(CreateObjects(cli));
        command.Subcommands.Add(UpdateObjects(cli));
        command.Subcommands.Add(Delete(cli));
        command.Subcommands.Add(Get(cli));
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Status(cli));
        return command;
    }

    private static Command Kinds(EgctlCli cli)
    {
        var command = new Command("kinds", "List the object kinds the server knows");
        cli.SetAction(command, async (context, _, ct) =>
            context.PrintReply(await context.Admin.ListObjectKindsAsync(ct).ConfigureAwait(false)));
        return command;
    }

    private static Command CreateObjects(EgctlCli cli)
    {
        var file = SpecInput.FileOption();
        var command = new Command("create", "Create objects from a YAML file or standard input (documents separated by ---)")
        {
            file,
        };
        cli.SetAction(command, async (context, parse, ct) =>
            await SpecWrites.CreateAsync(context, await SpecInput.ReadAsync(context, parse.GetValue(file), ct), Dialect.V1, ct)
                .ConfigureAwait(false));
        return command;
    }

    private static Command UpdateObjects(EgctlCli cli)
    {
        var file = SpecInput.FileOption();
        var command = new Command("update", "Replace objects' specs from a YAML file or standard input (by each spec's name)")
        {
            file,
        };
        cli.SetAction(command, async (context, parse, ct) =>
            await SpecWrites.UpdateAsync(context, await SpecInput.ReadAsync(context, parse.GetValue(file), ct), Dialect.V1, ct)
                .ConfigureAwait(false));
        return command;
    }

    private static Command Delete(EgctlCli cli)
    {
        var name = new Argument<string?>("name") { Description = "The object's name", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Delete every object" };
        var command = new Command("delete", "Delete an object, or every object with --all") { name, all };
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var objectName = parse.GetValue(name);
            var everyObject = parse.GetValue(all);
            if (everyObject == (objectName is not null))
            {
                throw new CtlException("object delete takes a NAME or --all");
            }

            var what = objectName ?? "all objects";
            AdminReply reply;
            try
            {
                reply = await (everyObject
                    ? context.Admin.DeleteAllObjectsAsync(ct)
                    : context.Admin.DeleteObjectAsync(objectName!, ct)).ConfigureAwait(false);
            }
            catch (AdminUnreachableException e)
            {
                return context.Fail($"delete {what} failed: {e.Message}");
            }

            return reply.IsSuccess
                ? context.Succeed($"delete {what} successfully")
                : context.Fail($"delete {what} failed: {reply.ErrorText}");
        });
        return command;
    }

    private static Command Get(EgctlCli cli)
    {
        var name = NameArgument();
        var command = new Command("get", "Print an object's spec") { name };
        cli.SetAction(command, async (context, parse, ct) =>
            context.PrintReply(await context.Admin.GetObjectAsync(parse.GetRequiredValue(name), ct).ConfigureAwait(false)));
        return command;
    }

    private static Command List(EgctlCli cli)
    {
        var command = new Command("list", "Print every object's spec");
        cli.SetAction(command, async (context, _, ct) =>
            context.PrintReply(await context.Admin.ListObjectsAsync(ct).ConfigureAwait(false)));
        return command;
    }

    private static Command Status(EgctlCli cli)
    {
        var name = NameArgument();
        var get = new Command("get", "Print one object's status on every member") { name };
        cli.SetAction(get, async (context, parse, ct) =>
            context.PrintReply(await context.Admin.GetObjectStatusAsync(parse.GetRequiredValue(name), ct).ConfigureAwait(false)));

        var list = new Command("list", "Print every object's status on every member");
        cli.SetAction(list, async (context, _, ct) =>
            context.PrintReply(await context.Admin.ListObjectStatusesAsync(ct).ConfigureAwait(false)));

        return new Command("status", "View objects' runtime status") { get, list };
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The object's name" };
}
