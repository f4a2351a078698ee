using System.CommandLine;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl delete RESOURCE NAME...</c>, <c>egctl delete RESOURCE --all</c> and <c>egctl delete -f FILE</c>;
/// <c>egctl delete member NAME</c> purges a member that left the cluster.
/// </summary>
internal static class DeleteCommand
{
    public static Command Create(EgctlCli cli)
    {
        var resource = new Argument<string?>("resource")
        {
            Description = "The resource: a kind, its name or an alias (see egctl api-resources)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var names = new Argument<string[]>("name") { Description = "The names to delete", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Delete every one of the resource" };
        var file = SpecInput.FileOption();
        file.Description = "Delete the objects the specs in this YAML file name ('-' for standard input)";
        var command = new Command("delete", "Delete resources by kind and names, every one of a kind, or the objects in a file")
        {
            resource, names, all, file,
        };
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var text = parse.GetValue(resource);
            var given = parse.GetValue(names) ?? [];
            var everyOne = parse.GetValue(all);
            if (parse.GetResult(file) is not null)
            {
                return text is null && !everyOne
                    ? await SpecWrites.DeleteAsync(context, await SpecInput.ReadAsync(context, parse.GetValue(file), ct), ct).ConfigureAwait(false)
                    : throw new CtlException("delete -f takes no resource, names or --all");
            }

            if (text is null)
            {
                throw new CtlException("delete needs a resource and names, a resource and --all, or -f FILE");
            }

            if (everyOne == (given.Length > 0))
            {
                throw new CtlException(everyOne ? "delete --all takes no names" : $"delete {text} needs the names to delete (or --all)");
            }

            var kind = await ApiResources.ResolveAsync(context, text, ct).ConfigureAwait(false);
            if (kind.IsMember)
            {
                return everyOne
                    ? throw new CtlException("members are purged one by one: delete member NAME")
                    : await PurgeMembersAsync(context, given, ct).ConfigureAwait(false);
            }

            return await DeleteObjectsAsync(context, kind.Kind, everyOne ? null : given, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Deletes the named objects of <paramref name="kind"/> (every one when <paramref name="names"/> is null),
    /// after checking each name is an object of that kind.</summary>
    private static async Task<int> DeleteObjectsAsync(CommandContext context, string kind, IReadOnlyList<string>? names, CancellationToken ct)
    {
        var doing = names is null ? $"delete all {kind}" : $"delete {kind} {string.Join(", ", names)}";
        var existing = ObjectSpecs.OfKind(
            ObjectSpecs.Read(await CommandContext.ReadJsonAsync(context.Admin.ListObjectsAsync(ct), doing).ConfigureAwait(false), NamespaceScope.Default),
            kind).Select(s => s.Name).ToList();
        var missing = names?.FirstOrDefault(n => !existing.Contains(n));
        if (missing is not null)
        {
            throw new CtlException($"{doing} failed, no such {kind} {missing}");
        }

        foreach (var name in names ?? existing)
        {
            await CommandContext.ReadJsonAsync(context.Admin.DeleteObjectAsync(name, ct), doing).ConfigureAwait(false);
            context.Succeed($"delete {kind} {name} successfully");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> PurgeMembersAsync(CommandContext context, IReadOnlyList<string> names, CancellationToken ct)
    {
        foreach (var name in names)
        {
            var what = $"{ApiResource.Member.Kind} {name}";
            await CommandContext.ReadJsonAsync(context.Admin.DeleteMemberAsync(name, ct), $"purge {what}").ConfigureAwait(false);
            context.Succeed($"purge {what} successfully");
        }

        return ExitCodes.Success;
    }
}
