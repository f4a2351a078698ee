using System.CommandLine;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary><c>egctl api-resources</c>: table <c>NAME ALIASES CATEGORY KIND ACTION</c> of the object kinds, then member.</summary>
internal static class ApiResourcesCommand
{
    public static Command Create(EgctlCli cli)
    {
        var command = new Command("api-resources", "List the resources egctl can act on, with their aliases");
        cli.SetAction(command, async (context, _, ct) =>
        {
            var kinds = (await ApiResources.ObjectKindsAsync(context, ct).ConfigureAwait(false))
                .OrderBy(k => k.Name, StringComparer.Ordinal)
                .Append(ApiResource.Member)
                .ToList();
            if (context.Format != OutputFormat.Default)
            {
                context.PrintJson(new JsonArray(kinds.Select(k => (JsonNode?)new JsonObject
                {
                    ["Category"] = k.Category,
                    ["Kind"] = k.Kind,
                    ["Name"] = k.Name,
                    ["Aliases"] = new JsonArray(k.Aliases.Select(a => (JsonNode?)a).ToArray()),
                }).ToArray()));
                return ExitCodes.Success;
            }

            var table = new Table("NAME", "ALIASES", "CATEGORY", "KIND", "ACTION");
            foreach (var kind in kinds)
            {
                var aliases = kind.Aliases.OrderBy(a => a.Length).ThenBy(a => a, StringComparer.Ordinal);
                table.Add(kind.Name, string.Join(',', aliases), kind.Category, kind.Kind, kind.Actions);
            }

            table.Write(context.Console.Out);
            return ExitCodes.Success;
        });
        return command;
    }
}
