using System.Net;

namespace Easegress.Ctl.Commands;

/// <summary>
/// Sends object specs one by one, in order, printing <c>&lt;action&gt; &lt;Kind&gt; &lt;name&gt; successfully</c> for
/// each and stopping at the first failure (<c>&lt;action&gt; &lt;Kind&gt; &lt;name&gt; failed: &lt;code&gt;: &lt;message&gt;</c>,
/// or <c>failed, </c> in the <see cref="Dialect.V2"/> dialect).
/// </summary>
internal static class SpecWrites
{
    public static Task<int> CreateAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, Dialect dialect, CancellationToken ct) =>
        SendAllAsync(context, specs, dialect, "create",
            async (spec, token) => ("create", await context.Admin.CreateObjectAsync(spec.Yaml, token).ConfigureAwait(false)), ct);

    public static Task<int> UpdateAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, Dialect dialect, CancellationToken ct) =>
        SendAllAsync(context, specs, dialect, "update",
            async (spec, token) => ("update", await context.Admin.UpdateObjectAsync(spec.Name, spec.Yaml, token).ConfigureAwait(false)), ct);

    /// <summary>Updates the objects that exist and creates the others.</summary>
    public static Task<int> ApplyAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, CancellationToken ct) =>
        SendAllAsync(context, specs, Dialect.V2, "apply", async (spec, token) =>
        {
            var existing = await context.Admin.GetObjectAsync(spec.Name, token).ConfigureAwait(false);
            if (existing.IsSuccess)
            {
                return ("update", await context.Admin.UpdateObjectAsync(spec.Name, spec.Yaml, token).ConfigureAwait(false));
            }

            return existing.Status == HttpStatusCode.NotFound
                ? ("create", await context.Admin.CreateObjectAsync(spec.Yaml, token).ConfigureAwait(false))
                : ("apply", existing);
        }, ct);

    /// <summary>Deletes the objects the specs name.</summary>
    public static Task<int> DeleteAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, CancellationToken ct) =>
        SendAllAsync(context, specs, Dialect.V2, "delete",
            async (spec, token) => ("delete", await context.Admin.DeleteObjectAsync(spec.Name, token).ConfigureAwait(false)), ct);

    private static async Task<int> SendAllAsync(
        CommandContext context,
        IReadOnlyList<SpecDocument> specs,
        Dialect dialect,
        string action,
        Func<SpecDocument, CancellationToken, Task<(string Action, AdminReply Reply)>> send,
        CancellationToken ct)
    {
        foreach (var spec in specs)
        {
            string done;
            AdminReply reply;
            try
            {
                (done, reply) = await send(spec, ct).ConfigureAwait(false);
            }
            catch (AdminUnreachableException e)
            {
                return context.Fail(dialect.Failed($"{action} {spec.Kind} {spec.Name}", e.Message));
            }

            var what = $"{done} {spec.Kind} {spec.Name}";
            if (!reply.IsSuccess)
            {
                return context.Fail(dialect.Failed(what, reply.ErrorText));
            }

            context.Succeed($"{what} successfully");
        }

        return ExitCodes.Success;
    }
}
