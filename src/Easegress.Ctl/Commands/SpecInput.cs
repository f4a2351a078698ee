using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary>The <c>-f/--file</c> option of the commands that take object specs, and reading the specs it names.</summary>
internal static class SpecInput
{
    public static Option<string?> FileOption() => new("--file", "-f")
    {
        Description = "YAML file with one or more object specs; standard input when omitted or '-'",
        HelpName = "file",
    };

    public static async Task<IReadOnlyList<SpecDocument>> ReadAsync(CommandContext context, string? file, CancellationToken ct)
    {
        var (text, source) = await SpecSource.ReadAsync(file, context.Console, ct).ConfigureAwait(false);
        return SpecDocuments.Parse(text, source);
    }
}
