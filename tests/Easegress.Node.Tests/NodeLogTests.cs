using Xunit.Abstractions;

namespace Easegress.Node.Tests;

public sealed class NodeLogTests
{
    private sealed class RecordingOutput(bool finished = false) : ITestOutputHelper
    {
        public List<string> Lines { get; } = [];
        public void WriteLine(string message)
        {
            if (finished) throw new InvalidOperationException("There is no currently active test.");
            Lines.Add(message);
        }
        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(format, args));
    }

    [Fact]
    public void Lines_go_to_the_attached_test_and_wait_when_there_is_none()
    {
        var log = new NodeLog();
        log.WriteLine("starting");
        log.Write("half a ");
        log.Write("line\n");
        Assert.Equal(["starting", "half a line"], log.Waiting);

        var first = new RecordingOutput();
        log.Attach(first);
        log.WriteLine("during the first test");
        Assert.Equal(["starting", "half a line", "during the first test"], first.Lines);
        Assert.Empty(log.Waiting);

        log.Detach();
        log.WriteLine("between tests");
        var second = new RecordingOutput();
        log.Attach(second);
        Assert.Equal(["between tests"], second.Lines);
    }

    [Fact]
    public void A_line_for_a_test_that_has_finished_waits_for_the_next_one()
    {
        var log = new NodeLog();
        log.Attach(new RecordingOutput(finished: true));
        log.WriteLine("late");
        Assert.Equal(["late"], log.Waiting);
        var next = new RecordingOutput();
        log.Attach(next);
        Assert.Equal(["late"], next.Lines);
    }
}
