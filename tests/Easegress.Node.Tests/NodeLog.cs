using System.Text;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>
/// An in-process node's standard output, kept out of the test run's console: each line goes to the output of the test
/// it is attached to, which xunit shows only when that test fails. Lines logged while no test is attached (a shared
/// node starting, or between two tests) wait for the next test that attaches.
/// </summary>
public sealed class NodeLog : TextWriter
{
    private readonly Lock _gate = new();
    private readonly List<string> _waiting = [];
    private readonly StringBuilder _partial = new();
    private ITestOutputHelper? _test;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>From now on (and for the lines waiting), the lines go to <paramref name="test"/>'s output.</summary>
    public void Attach(ITestOutputHelper test)
    {
        lock (_gate)
        {
            _test = test;
            foreach (var line in _waiting) Send(line);
            _waiting.Clear();
        }
    }

    /// <summary>Lines from now on wait for the next test (until then, or for good when none comes).</summary>
    public void Detach()
    {
        lock (_gate) _test = null;
    }

    /// <summary>The lines still waiting for a test.</summary>
    public IReadOnlyList<string> Waiting
    {
        get { lock (_gate) return _waiting.ToArray(); }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            _partial.Append(value);
            Send(_partial.ToString());
            _partial.Clear();
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\r') return;
            if (value != '\n') { _partial.Append(value); return; }
            Send(_partial.ToString());
            _partial.Clear();
        }
    }

    private void Send(string line)
    {
        if (_test is not null)
        {
            try { _test.WriteLine(line); return; }
            catch (InvalidOperationException) { _test = null; }   // that test has finished: xunit takes no more from it
        }
        _waiting.Add(line);
    }
}
