namespace Easegress.Ctl.Tests;

internal sealed record EgctlRun(int ExitCode, string Out, string Error);

/// <summary>Runs egctl's real command handling in process, with its own standard streams.</summary>
internal static class Egctl
{
    public static Task<EgctlRun> RunAsync(params string[] args) => RunCoreAsync(null, null, args);

    /// <summary>Runs against <paramref name="api"/> (adds <c>--server</c>).</summary>
    public static Task<EgctlRun> RunAsync(FakeAdminApi api, params string[] args) =>
        RunCoreAsync(null, null, [.. args, "--server", api.Address]);

    public static Task<EgctlRun> RunWithInputAsync(FakeAdminApi api, string stdin, params string[] args) =>
        RunCoreAsync(stdin, null, [.. args, "--server", api.Address]);

    /// <summary>Runs against <paramref name="api"/> with standard error a terminal (where egctl draws progress).</summary>
    public static Task<EgctlRun> RunOnTerminalAsync(FakeAdminApi api, params string[] args) =>
        RunCoreAsync(null, null, [.. args, "--server", api.Address], errorIsTerminal: true);

    /// <summary>Runs with these environment variables (and no others).</summary>
    public static Task<EgctlRun> RunWithVariablesAsync(FakeAdminApi api, IReadOnlyDictionary<string, string> variables, params string[] args) =>
        RunCoreAsync(null, variables, [.. args, "--server", api.Address]);

    private static async Task<EgctlRun> RunCoreAsync(string? stdin, IReadOnlyDictionary<string, string>? variables, string[] args,
        bool errorIsTerminal = false)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var console = new CtlConsole(new StringReader(stdin ?? ""), output, error, ErrorIsTerminal: errorIsTerminal);
        if (variables is not null)
        {
            console = console with { Variables = name => variables.GetValueOrDefault(name) };
        }

        var code = await EgctlCli.RunAsync(args, console);
        return new EgctlRun(code, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary file deleted on dispose; each test gets its own.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string text)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"egctl-test-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
