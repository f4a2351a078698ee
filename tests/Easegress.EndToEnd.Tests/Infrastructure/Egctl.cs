using System.Diagnostics;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the real egctl binary as a user would.</summary>
public static class Egctl
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public static Task<Run> ExecAsync(string server, string? stdin, params string[] args) =>
        ExecAsync(server, stdin, null, args);

    /// <param name="server">The --server flag's value; null leaves it out (the egctl config decides).</param>
    /// <param name="environment">Extra environment variables (EGCTL_CONFIG, ...).</param>
    public static async Task<Run> ExecAsync(string? server, string? stdin, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repository.Egctl);
        if (server is not null)
        {
            start.ArgumentList.Add("--server");
            start.ArgumentList.Add(server);
        }
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
