using System.Net;
using Easegress.Ctl.Resources;

namespace Easegress.Ctl.Commands;

/// <summary>The objects a kubectl-style command names: one of a kind by name, or every one of the kind.</summary>
internal static class ObjectSelection
{
    /// <summary>
    /// Reads them for <paramref name="action"/> (<c>get</c>, <c>describe</c>, ...); fails with
    /// <c>&lt;action&gt; &lt;Kind&gt; &lt;name&gt; failed, ...</c> when the named one is missing or of another kind.
    /// </summary>
    public static async Task<IReadOnlyList<ScopedSpec>> ReadAsync(
        CommandContext context, string action, string kind, string? name, NamespaceScope scope, CancellationToken ct)
    {
        var doing = name is null ? $"{action} all {kind}" : $"{action} {kind} {name}";
        if (name is not null)
        {
            scope = scope with { AllNamespaces = false };   // one object is read from one namespace
        }

        var body = await CommandContext.ReadJsonAsync(
            name is null ? context.Admin.ListObjectsAsync(scope, ct) : context.Admin.GetObjectAsync(name, scope, ct), doing).ConfigureAwait(false);
        var specs = ObjectSpecs.OfKind(ObjectSpecs.Read(body, scope), kind);
        if (name is not null && specs.Count == 0)
        {
            throw new CtlException($"{doing} failed, {(int)HttpStatusCode.NotFound}: no such {kind} {name}");
        }

        return specs;
    }
}
