using System.Net;

namespace Easegress.Ctl.Commands;

/// <summary>
/// Sends the object specs of a file (several at a time, see <see cref="SpecBatch"/>), printing in document order
/// <c>&lt;action&gt; &lt;Kind&gt; &lt;name&gt; successfully</c> for each written one and <c>&lt;action&gt; &lt;Kind&gt;
/// &lt;name&gt; failed: &lt;code&gt;: &lt;message&gt;</c> (or <c>failed, </c> in the <see cref="Dialect.V2"/> dialect) for each
/// refused one. A refused document does not stop the others: the exit code says whether any failed. Many documents
/// written from a terminal get a progress bar and a summary instead of a line each (<see cref="BatchProgress"/>).
/// </summary>
internal static class SpecWrites
{
    /// <param name="oneByOne">Send the documents one by one and stop at the first failure (the v1 commands always do, as
    /// Easegress's v1 egctl did; <c>create httpproxy</c> does, its objects belong together).</param>
    public static Task<int> CreateAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, Dialect dialect, CancellationToken ct,
        bool oneByOne = false) =>
        SendAllAsync(context, specs, dialect, oneByOne, "create",
            async (spec, token) => ("create", await context.Admin.CreateObjectAsync(spec.Yaml, token).ConfigureAwait(false)), ct);

    public static Task<int> UpdateAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, Dialect dialect, CancellationToken ct) =>
        SendAllAsync(context, specs, dialect, false, "update",
            async (spec, token) => ("update", await context.Admin.UpdateObjectAsync(spec.Name, spec.Yaml, token).ConfigureAwait(false)), ct);

    /// <summary>Updates the objects that exist and creates the others.</summary>
    public static Task<int> ApplyAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, CancellationToken ct) =>
        SendAllAsync(context, specs, Dialect.V2, false, "apply", async (spec, token) =>
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
        SendAllAsync(context, specs, Dialect.V2, false, "delete",
            async (spec, token) => ("delete", await context.Admin.DeleteObjectAsync(spec.Name, token).ConfigureAwait(false)), ct);

    private static async Task<int> SendAllAsync(
        CommandContext context,
        IReadOnlyList<SpecDocument> specs,
        Dialect dialect,
        bool oneByOne,
        string action,
        Func<SpecDocument, CancellationToken, Task<(string Action, AdminReply Reply)>> send,
        CancellationToken ct)
    {
        oneByOne |= dialect == Dialect.V1;
        var progress = BatchProgress.For(context.Console, action, specs.Count);
        var done = new Dictionary<string, int>(StringComparer.Ordinal);   // "create" → how many, in file order of first use
        var failed = 0;
        try
        {
            async Task<(string Action, AdminReply Reply)> Send(SpecDocument spec, CancellationToken token)
            {
                try { return await send(spec, token).ConfigureAwait(false); }
                catch (AdminUnreachableException e) { throw new CtlException(dialect.Failed($"{action} {spec.Kind} {spec.Name}", e.Message), e); }
            }

            await SpecBatch.RunAsync(specs, oneByOne ? 1 : SpecBatch.InFlight, Send, answer => oneByOne && !answer.Reply.IsSuccess, (spec, answer) =>
            {
                var what = $"{answer.Action} {spec.Kind} {spec.Name}";
                if (!answer.Reply.IsSuccess)
                {
                    failed++;
                    var failure = dialect.Failed(what, answer.Reply.ErrorText);
                    if (progress is null) context.Fail(failure);
                    else progress.Answered(failed: true, failure);
                    return;
                }
                done[answer.Action] = done.GetValueOrDefault(answer.Action) + 1;
                if (progress is null) context.Succeed($"{what} successfully");
                else progress.Answered(failed: false);
            }, ct).ConfigureAwait(false);
        }
        catch (CtlException e)
        {
            progress?.Finish();
            var unsent = specs.Count - failed - done.Values.Sum() - 1;
            return context.Fail(e.Message + (unsent > 0 ? $"\n{unsent} of {specs.Count} documents not sent" : ""));
        }

        if (progress is not null)
        {
            progress.Finish();
            var counts = string.Join(", ", done.Select(d => $"{d.Value} {d.Key}d"));
            context.Succeed($"{specs.Count} documents: {(counts.Length > 0 ? counts : "none written")}{(failed > 0 ? $"; {failed} failed" : "")}");
        }
        else if (failed > 0 && specs.Count > 1 && !oneByOne)
        {
            context.Fail($"{failed} of {specs.Count} documents failed");
        }

        return failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
