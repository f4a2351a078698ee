using System.Collections.Concurrent;
using System.Diagnostics;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>A real process started with <c>dotnet APP.dll</c>; its output is kept; it is killed on dispose.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    public ChildProcess(string dll, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
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

    /// <summary>SIGTERM, then wait for a graceful exit.</summary>
    public bool Terminate(TimeSpan wait)
    {
        if (_process.HasExited) return true;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        return _process.WaitForExit(wait);
    }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
