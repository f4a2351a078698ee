using System.Runtime.InteropServices;

namespace Easegress.Node.Listeners;

/// <summary>
/// The process's limit on open files (RLIMIT_NOFILE), which every socket counts against. At start the soft limit is
/// raised to the hard one where the system allows it (the .NET runtime usually did so already); the traffic's
/// connections are then sized from what is in effect (<see cref="Easegress.Filters.ConnectionBudget"/>).
/// </summary>
internal static class OpenFileLimit
{
    private const int RlimitNofile = 7;   // Linux, every architecture .NET runs on

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRlimit(int resource, out Rlimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRlimit(int resource, in Rlimit limit);

    /// <summary>The limit in effect and the one found, or null where it cannot be read (not Linux).</summary>
    public readonly record struct Outcome(long Limit, long Found, string? Refusal);

    /// <summary>Raises the soft limit to the hard one (or to <c>fs.nr_open</c> when the hard one is infinite).</summary>
    public static Outcome? Raise()
    {
        if (!OperatingSystem.IsLinux() || GetRlimit(RlimitNofile, out var limit) != 0) return null;
        var found = Clamp(limit.Current);
        var wanted = Math.Min(limit.Maximum, SystemMaximum());
        if (wanted <= limit.Current) return new Outcome(found, found, null);
        var raised = limit with { Current = wanted };
        if (SetRlimit(RlimitNofile, in raised) != 0)
            return new Outcome(found, found, $"setrlimit failed with errno {Marshal.GetLastPInvokeError()}");
        return new Outcome(Clamp(wanted), found, null);
    }

    private static ulong SystemMaximum()
    {
        try
        {
            return ulong.TryParse(File.ReadAllText("/proc/sys/fs/nr_open").Trim(), out var value) ? value : 1024 * 1024;
        }
        catch (IOException)
        {
            return 1024 * 1024;
        }
    }

    private static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
