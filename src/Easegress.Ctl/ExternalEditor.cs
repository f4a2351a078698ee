using System.ComponentModel;
using System.Diagnostics;

namespace Easegress.Ctl;

/// <summary>
/// The user's editor for <c>egctl edit</c>: <c>$EGCTL_EDITOR</c>, else <c>vi</c>. It is run by the shell with the
/// file's path appended, so the variable may hold arguments (<c>code --wait</c>); egctl waits for it to exit.
/// </summary>
internal static class ExternalEditor
{
    public const string Variable = "EGCTL_EDITOR";
    public const string Fallback = "vi";

    public static async Task EditAsync(string path, CtlConsole console, CancellationToken ct)
    {
        var editor = console.Variables(Variable) is { Length: > 0 } chosen ? chosen.Trim() : Fallback;
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", $"{editor} \"{path}\"" } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"{editor} '{path.Replace("'", "'\\''", StringComparison.Ordinal)}'" } };
        start.UseShellExecute = false;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CtlException($"cannot start the editor \"{editor}\"");
        }
        catch (Win32Exception e)
        {
            throw new CtlException($"cannot start the editor \"{editor}\": {e.Message}", e);
        }

        using (process)
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new CtlException($"the editor \"{editor}\" exited with {process.ExitCode}");
            }
        }
    }
}
