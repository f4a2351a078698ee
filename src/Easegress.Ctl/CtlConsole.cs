namespace Easegress.Ctl;

/// <summary>The three standard streams egctl talks through, and its environment; tests pass their own.</summary>
/// <param name="InputIsTerminal">Standard input is a terminal (not a pipe or file), so reading it waits for typing.</param>
/// <param name="ErrorIsTerminal">Standard error is a terminal, where a progress bar can be redrawn in place.</param>
internal sealed record CtlConsole(TextReader In, TextWriter Out, TextWriter Error, bool InputIsTerminal = false, bool ErrorIsTerminal = false)
{
    /// <summary>Looks up an environment variable (<c>EGCTL_EDITOR</c>); tests pass their own.</summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    public static CtlConsole Standard() => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected, !Console.IsErrorRedirected);
}
