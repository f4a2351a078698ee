using System.CommandLine;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl get RESOURCE [NAME]</c> and <c>egctl get all</c>: objects as a table <c>NAME KIND AGE</c>, members as
/// <c>NAME ROLE AGE STATE API-ADDR HEARTBEAT</c>; with <c>-o yaml|json</c> the specs themselves.
/// </summary>
internal static class GetCommand
{
    public const string All = "all";

    public static Command Create(EgctlCli cli)
    {
        var resource = ResourceArguments.Resource("The resource (see egctl api-resources), or 'all'");
        var name = ResourceArguments.OptionalName();
        var namespaces = new NamespaceOptions();
        var command = new Command("get", "Display one or many resources") { resource, name };
        namespaces.AddTo(command);
        cli.SetAction(command, (context, parse, ct) =>
            RunAsync(context, parse.GetRequiredValue(resource), parse.GetValue(name), namespaces.Scope(parse), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string resource, string? name, NamespaceScope scope, CancellationToken ct)
    {
        if (resource == All)
        {
            return name is null
                ? await GetAllAsync(context, scope, ct).ConfigureAwait(false)
                : throw new CtlException("get all takes no name");
        }

        var kind = await ApiResources.ResolveAsync(context, resource, ct).ConfigureAwait(false);
        return kind.IsMember
            ? await GetMembersAsync(context, name, ct).ConfigureAwait(false)
            : await GetObjectsAsync(context, kind.Kind, name, scope, ct).ConfigureAwait(false);
    }

    private static async Task<int> GetAllAsync(CommandContext context, NamespaceScope scope, CancellationToken ct)
    {
        var objects = await CommandContext.ReadJsonAsync(context.Admin.ListObjectsAsync(scope, ct), "get resource").ConfigureAwait(false);
        var members = scope.IsOtherNamespace
            ? null
            : await CommandContext.ReadJsonAsync(context.Admin.ListMembersAsync(ct), "get all Member").ConfigureAwait(false);
        if (context.Format != OutputFormat.Default)
        {
            context.PrintJson(objects);
            if (members is not null)
            {
                context.PrintJson(members);
            }

            return ExitCodes.Success;
        }

        var now = DateTimeOffset.UtcNow;
        ObjectSpecs.Table(ObjectSpecs.OfKind(ObjectSpecs.Read(objects, scope), null), scope, now).Write(context.Console.Out);
        context.Console.Out.WriteLine();
        if (members is not null)
        {
            Members.Table(JsonFields.Objects(members), now).Write(context.Console.Out);
            context.Console.Out.WriteLine();
        }

        return ExitCodes.Success;
    }

    private static async Task<int> GetMembersAsync(CommandContext context, string? name, CancellationToken ct)
    {
        var members = await MemberSelection.ReadAsync(context, "get", name, ct).ConfigureAwait(false);
        if (context.Format != OutputFormat.Default)
        {
            context.PrintJson(name is null ? new JsonArray(members.Select(m => (JsonNode?)m.DeepClone()).ToArray()) : members[0]);
        }
        else
        {
            Members.Table(members, DateTimeOffset.UtcNow).Write(context.Console.Out);
        }

        return ExitCodes.Success;
    }

    private static async Task<int> GetObjectsAsync(CommandContext context, string kind, string? name, NamespaceScope scope, CancellationToken ct)
    {
        var specs = await ObjectSelection.ReadAsync(context, "get", kind, name, scope, ct).ConfigureAwait(false);
        if (context.Format != OutputFormat.Default)
        {
            context.PrintJson(name is null ? ObjectSpecs.ToJson(specs, scope) : specs[0].Spec);
        }
        else
        {
            ObjectSpecs.Table(specs, scope, DateTimeOffset.UtcNow).Write(context.Console.Out);
        }

        return ExitCodes.Success;
    }
}
