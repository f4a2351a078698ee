using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Easegress.Ctl.Commands;

/// <summary>
/// Sends the documents of a file several at a time and hands back each answer in document order. Documents that name
/// the same object are sent one after the other, in the order of the file, so the last one wins as it would one by
/// one. A failed write does not stop the others unless <c>stops</c> says so; an exception (a server that cannot be
/// reached) stops the batch: the documents not sent yet are not sent.
/// </summary>
internal static class SpecBatch
{
    /// <summary>How many writes are in flight at once in a batch: enough to keep a node's write path busy, few enough
    /// that a node's admin API and journal are not flooded.</summary>
    public const int InFlight = 16;

    /// <param name="inFlight">How many writes at once (1: one by one, in order).</param>
    /// <param name="stops">Whether an answer stops the documents not sent yet.</param>
    public static async Task RunAsync<T>(
        IReadOnlyList<SpecDocument> specs,
        int inFlight,
        Func<SpecDocument, CancellationToken, Task<T>> send,
        Func<T, bool> stops,
        Action<SpecDocument, T> answered,
        CancellationToken ct)
    {
        var answers = specs.Select(_ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var groups = new ConcurrentQueue<int[]>(Enumerable.Range(0, specs.Count)
            .GroupBy(i => specs[i].Name, StringComparer.Ordinal)
            .Select(g => g.ToArray()));
        var stopped = 0;   // set when an answer or an exception stops the batch: the documents not sent yet are not sent

        async Task WorkAsync()
        {
            while (groups.TryDequeue(out var group))
            {
                foreach (var i in group)
                {
                    if (Volatile.Read(ref stopped) != 0)
                    {
                        answers[i].TrySetCanceled(CancellationToken.None);
                        continue;
                    }
                    try
                    {
                        var answer = await send(specs[i], ct).ConfigureAwait(false);
                        if (stops(answer)) Volatile.Write(ref stopped, 1);
                        answers[i].TrySetResult(answer);
                    }
                    catch (Exception e)
                    {
                        answers[i].TrySetException(e);
                        Volatile.Write(ref stopped, 1);
                    }
                }
            }
        }

        var workers = Enumerable.Range(0, Math.Clamp(specs.Count, 1, inFlight)).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        // every write that was answered is reported (it happened), also after the one that stopped the batch
        Exception? stop = null;
        for (var i = 0; i < specs.Count; i++)
        {
            try
            {
                answered(specs[i], await answers[i].Task.ConfigureAwait(false));
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && Volatile.Read(ref stopped) != 0) { }
            catch (Exception e)
            {
                stop ??= e;
            }
        }
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (stop is not null) ExceptionDispatchInfo.Throw(stop);
    }
}
