namespace Easegress.Ctl.Commands;

/// <summary>
/// Sends object specs one by one, in order, printing <c>&lt;action&gt; &lt;Kind&gt; &lt;name&gt; successfully</c> for
/// each and stopping at the first failure (<c>&lt;action&gt; &lt;Kind&gt; &lt;name&gt; failed: &lt;code&gt;: &lt;message&gt;</c>).
/// </summary>
internal static class SpecWrites
{
    public static Task<int> CreateAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, CancellationToken ct) =>
        SendAllAsync(context, specs, "create", (spec, token) => context.Admin.CreateObjectAsync(spec.Yaml, token), ct);

    public static Task<int> UpdateAsync(CommandContext context, IReadOnlyList<SpecDocument> specs, CancellationToken ct) =>
        SendAllAsync(context, specs, "update",
            (spec, token) => context.Admin.UpdateObjectAsync(spec.Name, spec.Yaml, token), ct);

    private static async Task<int> SendAllAsync(
        CommandContext context,
        IReadOnlyList<SpecDocument> specs,
        string action,
        Func<SpecDocument, CancellationToken, Task<AdminReply>> send,
        CancellationToken ct)
    {
        foreach (var spec in specs)
        {
            var what = $"{action} {spec.Kind} {spec.Name}";
            AdminReply reply;
            try
            {
                reply = await send(spec, ct).ConfigureAwait(false);
            }
            catch (AdminUnreachableException e)
            {
                return context.Fail($"{what} failed: {e.Message}");
            }

            if (!reply.IsSuccess)
            {
                return context.Fail($"{what} failed: {reply.ErrorText}");
            }

            context.Succeed($"{what} successfully");
        }

        return ExitCodes.Success;
    }
}
