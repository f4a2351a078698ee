using System.Collections.Concurrent;
using System.Diagnostics;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>A real process started with <c>dotnet APP.dll</c>; its output is kept; it is killed on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    /// <param name="user">Run as this (system) user instead of the test's own, through runuser.</param>
    /// <param name="workingDirectory">The process's working directory (the test's own when null).</param>
    /// <param name="launcher">A command that execs <c>dotnet</c> in the same process (<c>prlimit --nofile=512:1024 --</c>).</param>
    public ChildProcess(string dll, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? user = null,
        string? workingDirectory = null, IReadOnlyList<string>? launcher = null)
    {
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : user is null ? "dotnet" : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        if (user is not null)
        {
            var home = Path.Combine(Path.GetTempPath(), $"eg-{user}-home");
            Directory.CreateDirectory(home);
            File.SetUnixFileMode(home, (UnixFileMode)0x1FF);   // rwx for everyone: the other user's dotnet home
            foreach (var a in new[] { "-u", user, "--", "env", $"HOME={home}", $"DOTNET_CLI_HOME={home}", "dotnet" }) start.ArgumentList.Add(a);
        }
        if (launcher is { Count: > 0 })
            foreach (var a in launcher.Skip(1).Append("dotnet")) start.ArgumentList.Add(a);
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join('\n', _output);

    /// <summary>kill -9: no chance to flush or leave.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGSTOP: the process stops answering but its sockets stay open, like a frozen machine's.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGTERM, then wait for a graceful exit.</summary>
    public bool Terminate(TimeSpan wait)
    {
        if (_process.HasExited) return true;
        Signal("TERM");
        return _process.WaitForExit(wait);
    }

    private void Signal(string name) => Process.Start("kill", ["-" + name, _process.Id.ToString()])!.WaitForExit();

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Waits for the process to exit and for all its output to be read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();   // the parameterless wait also drains the redirected output
        return true;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
