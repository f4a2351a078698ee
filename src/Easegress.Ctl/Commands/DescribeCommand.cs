using System.CommandLine;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary>
/// <c>egctl describe RESOURCE [NAME]</c>: each object's fields (<c>Name:</c>, <c>Kind:</c>, then <c>Flow:</c>,
/// <c>Filters:</c>, <c>Rules:</c> blocks and the rest) followed by <c>AllStatus:</c>, its status on every member;
/// for members, their options, heartbeat and cluster state.
/// </summary>
internal static class DescribeCommand
{
    public static Command Create(EgctlCli cli)
    {
        var resource = ResourceArguments.Resource();
        var name = ResourceArguments.OptionalName();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print long values whole" };
        var namespaces = new NamespaceOptions();
        var command = new Command("describe", "Show details of a specific resource or group of resources") { resource, name, verbose };
        namespaces.AddTo(command);
        cli.SetAction(command, async (context, parse, ct) =>
        {
            var kind = await ApiResources.ResolveAsync(context, parse.GetRequiredValue(resource), ct).ConfigureAwait(false);
            return kind.IsMember
                ? await DescribeMembersAsync(context, parse.GetValue(name), parse.GetValue(verbose), ct).ConfigureAwait(false)
                : await DescribeObjectsAsync(context, kind.Kind, parse.GetValue(name), namespaces.Scope(parse), parse.GetValue(verbose), ct)
                    .ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> DescribeMembersAsync(CommandContext context, string? name, bool verbose, CancellationToken ct)
    {
        var members = await MemberSelection.ReadAsync(context, "describe", name, ct).ConfigureAwait(false);
        if (context.Format != OutputFormat.Default)
        {
            context.PrintJson(new JsonArray(members.Select(m => (JsonNode?)m.DeepClone()).ToArray()));
        }
        else
        {
            Members.Description(verbose).Write(context.Console.Out, members.Select(Members.Flattened).ToList());
        }

        return ExitCodes.Success;
    }

    private static async Task<int> DescribeObjectsAsync(
        CommandContext context, string kind, string? name, NamespaceScope scope, bool verbose, CancellationToken ct)
    {
        var specs = await ObjectSelection.ReadAsync(context, "describe", kind, name, scope, ct).ConfigureAwait(false);
        var doing = name is null ? $"describe all {kind}" : $"describe {kind} {name}";
        var statuses = specs.Count == 0
            ? null
            : await CommandContext.ReadJsonAsync(
                name is null ? context.Admin.ListObjectStatusesAsync(ct) : context.Admin.GetObjectStatusAsync(name, ct), doing).ConfigureAwait(false);
        specs = ObjectSpecs.WithStatus(specs, statuses);
        if (context.Format != OutputFormat.Default)
        {
            context.PrintJson(ObjectSpecs.ToJson(specs, name is null ? scope : scope with { AllNamespaces = false }));
            return ExitCodes.Success;
        }

        var description = new Description
        {
            First = ["name", "kind", "version", "", "flow", "", "filters", "", "rules", ""],
            Last = [ObjectSpecs.StatusField],
            Verbose = verbose,
        };
        var groups = specs.GroupBy(s => s.Namespace).ToList();
        foreach (var group in groups)
        {
            if (scope.AllNamespaces)
            {
                WriteNamespaceHeader(context.Console.Out, group.Key, first: group == groups[0]);
            }

            description.Write(context.Console.Out, group.Select(s => s.Spec).ToList());
        }

        return ExitCodes.Success;
    }

    private static void WriteNamespaceHeader(TextWriter writer, string ns, bool first)
    {
        var title = $"In Namespace {ns}:";
        if (!first)
        {
            writer.WriteLine();
            writer.WriteLine();
        }

        writer.WriteLine(new string('=', title.Length));
        writer.WriteLine(title);
        writer.WriteLine(new string('=', title.Length));
    }
}
