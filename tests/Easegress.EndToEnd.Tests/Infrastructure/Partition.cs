using System.Diagnostics;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Cuts one member off from the other members with iptables rules on the loopback interface: packets to or from its
/// peer port are dropped, and so are the packets its process (told apart by its system user) sends to the other
/// members' peer ports. Its admin API, its traffic and the database stay reachable. Disposing removes the rules.
/// Needs root and iptables (scripts/test.sh installs it).
/// </summary>
public sealed class Partition : IDisposable
{
    public const string User = "nobody";
    private readonly List<string[]> _rules = [];

    public Partition(int isolatedPeerPort, IEnumerable<int> otherPeerPorts)
    {
        Add(["INPUT", "-i", "lo", "-p", "tcp", "--dport", isolatedPeerPort.ToString(), "-j", "DROP"]);
        Add(["INPUT", "-i", "lo", "-p", "tcp", "--sport", isolatedPeerPort.ToString(), "-j", "DROP"]);
        foreach (var port in otherPeerPorts)
            Add(["OUTPUT", "-o", "lo", "-p", "tcp", "-m", "owner", "--uid-owner", User, "--dport", port.ToString(), "-j", "DROP"]);
    }

    public void Dispose()
    {
        foreach (var rule in _rules)
        {
            try { Iptables("-D", rule); } catch (InvalidOperationException) { }
        }
    }

    private void Add(string[] rule)
    {
        Iptables("-I", rule);
        _rules.Add(rule);
    }

    private static void Iptables(string action, string[] rule)
    {
        var start = new ProcessStartInfo("iptables") { RedirectStandardError = true };
        start.ArgumentList.Add("-w");   // wait for the xtables lock: other tests may change rules at the same time
        start.ArgumentList.Add(action);
        foreach (var part in rule) start.ArgumentList.Add(part);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("iptables could not be started");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"iptables {action} {string.Join(' ', rule)}: {error}");
    }
}
