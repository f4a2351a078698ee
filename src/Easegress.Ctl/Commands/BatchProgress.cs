using System.Diagnostics;

namespace Easegress.Ctl.Commands;

/// <summary>
/// A progress bar on standard error, for a file of many documents written from a terminal: one line redrawn in place
/// (at most ten times a second) instead of one line per object; a failure is printed above it as it comes.
/// </summary>
internal sealed class BatchProgress(TextWriter error, string action, int total)
{
    /// <summary>Fewer documents than this are reported one line each, as always.</summary>
    public const int FromDocuments = 20;
    private const int Width = 30;
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(100);

    private readonly Stopwatch _sinceDrawn = Stopwatch.StartNew();
    private int _done;
    private int _failed;
    private int _drawn;   // characters of the line on screen

    /// <summary>A progress bar when standard error is a terminal and there are enough documents; null otherwise.</summary>
    public static BatchProgress? For(CtlConsole console, string action, int total) =>
        console.ErrorIsTerminal && total >= FromDocuments ? new BatchProgress(console.Error, action, total) : null;

    public void Answered(bool failed, string? failure = null)
    {
        _done++;
        if (failed) _failed++;
        if (failure is not null)
        {
            Clear();
            error.WriteLine(failure);
            Draw();
        }
        else if (_sinceDrawn.Elapsed >= Redraw || _done == total)
        {
            Draw();
        }
    }

    public void Finish() => Clear();

    private void Draw()
    {
        var filled = total == 0 ? Width : (int)((long)_done * Width / total);
        var line = $"{action} [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{total}" +
                   (_failed > 0 ? $", {_failed} failed" : "");
        error.Write('\r' + line.PadRight(_drawn));
        error.Flush();
        _drawn = line.Length;
        _sinceDrawn.Restart();
    }

    private void Clear()
    {
        if (_drawn == 0) return;
        error.Write('\r' + new string(' ', _drawn) + '\r');
        _drawn = 0;
    }
}
