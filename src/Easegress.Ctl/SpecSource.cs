namespace Easegress.Ctl;

/// <summary>Where object specs come from: the file given with <c>-f</c>, or standard input.</summary>
internal static class SpecSource
{
    public const string StandardInputName = "standard input";

    /// <summary>Reads the whole source. <paramref name="file"/> null, empty or <c>-</c> means standard input.</summary>
    public static async Task<(string Text, string Source)> ReadAsync(string? file, CtlConsole console, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(file) || file == "-")
        {
            if (console.InputIsTerminal)
            {
                console.Error.WriteLine("reading object specs from standard input (end with Ctrl+D; or use -f FILE)");
            }

            return (await console.In.ReadToEndAsync(ct).ConfigureAwait(false), StandardInputName);
        }

        if (Directory.Exists(file))
        {
            throw new CtlException($"-f: \"{file}\" is a directory, not a file");
        }

        if (!File.Exists(file))
        {
            throw new CtlException($"-f: file \"{file}\" does not exist");
        }

        try
        {
            return (await File.ReadAllTextAsync(file, ct).ConfigureAwait(false), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CtlException($"-f: cannot read \"{file}\": {e.Message}", e);
        }
    }
}
