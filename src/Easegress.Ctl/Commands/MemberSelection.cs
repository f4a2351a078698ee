using System.Text.Json.Nodes;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary>The members a kubectl-style command names: one by name, or all of them.</summary>
internal static class MemberSelection
{
    public static async Task<IReadOnlyList<JsonObject>> ReadAsync(CommandContext context, string action, string? name, CancellationToken ct)
    {
        var doing = name is null ? $"{action} all Member" : $"{action} Member {name}";
        var members = JsonFields.Objects(await CommandContext.ReadJsonAsync(context.Admin.ListMembersAsync(ct), doing).ConfigureAwait(false));
        if (name is null)
        {
            return members;
        }

        var named = members.Where(m => Members.NameOf(m) == name).ToList();
        return named.Count > 0 ? named : throw new CtlException($"{doing} failed, member {name} not found");
    }
}
