using System.Diagnostics;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>A private PostgreSQL server (scripts/postgres.sh installs Debian's package when it is missing) on a free
/// port; each test takes its own database.</summary>
public sealed class Postgres : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "eg-pg-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _port = FreePorts.Next();
    private int _databases;

    public async Task InitializeAsync() => await ScriptAsync("start", _dir, _port.ToString());

    public async Task DisposeAsync()
    {
        await ScriptAsync("stop", _dir);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Stops the server process (pg_ctl's fast shutdown: its sessions end, its port closes); the data stays.</summary>
    public Task StopServerAsync() => ScriptAsync("stop", _dir);

    /// <summary>Starts the server again on the same port and data.</summary>
    public Task StartServerAsync() => ScriptAsync("start", _dir, _port.ToString());

    /// <summary>True when the server's postmaster runs (its pid file names a live process).</summary>
    public bool IsRunning =>
        File.Exists(Path.Combine(_dir, "postmaster.pid"))
        && int.TryParse(File.ReadLines(Path.Combine(_dir, "postmaster.pid")).FirstOrDefault(), out var pid)
        && Directory.Exists($"/proc/{pid}");

    /// <summary>A new, empty database: its postgres:// URL.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"eg_test_{Interlocked.Increment(ref _databases)}";
        var bin = (await RunAsync("bash", "-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1")).Trim();
        await RunAsync(Path.Combine(bin, "createdb"), "-h", "127.0.0.1", "-p", _port.ToString(), "-U", "easegress", name);
        return $"postgres://easegress@127.0.0.1:{_port}/{name}";
    }

    private static Task<string> ScriptAsync(params string[] args) =>
        RunAsync("bash", [Path.Combine(Repository.Root, "scripts", "postgres.sh"), .. args]);

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<Postgres>
{
    public const string Name = "cluster";
}
