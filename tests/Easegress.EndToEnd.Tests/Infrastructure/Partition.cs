using System.Diagnostics;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>Cuts one member's cluster transport off from everyone with iptables rules on the loopback interface
/// (packets to or from its peer port are dropped); disposing removes the rules. Needs root and iptables
/// (scripts/test.sh installs it).</summary>
public sealed class Partition : IDisposable
{
    private readonly string[][] _rules;

    public Partition(int peerPort)
    {
        _rules =
        [
            ["INPUT", "-i", "lo", "-p", "tcp", "--dport", peerPort.ToString(), "-j", "DROP"],
            ["INPUT", "-i", "lo", "-p", "tcp", "--sport", peerPort.ToString(), "-j", "DROP"],
        ];
        foreach (var rule in _rules) Iptables("-I", rule);
    }

    public void Dispose()
    {
        foreach (var rule in _rules)
        {
            try { Iptables("-D", rule); } catch (InvalidOperationException) { }
        }
    }

    private static void Iptables(string action, string[] rule)
    {
        var start = new ProcessStartInfo("iptables") { RedirectStandardError = true };
        start.ArgumentList.Add(action);
        foreach (var part in rule) start.ArgumentList.Add(part);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("iptables could not be started");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"iptables {action} {string.Join(' ', rule)}: {error}");
    }
}
