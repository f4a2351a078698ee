namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>Waiting for something a change sets in motion (a listener to open, a backend to start).</summary>
public static class Retry
{
    /// <summary>Repeats <paramref name="attempt"/> until <paramref name="done"/> holds or the time is up, then
    /// answers the last result; a refused connection counts as not done yet.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            T result;
            try { result = await attempt(); }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline) { await Task.Delay(200); continue; }
            if (done(result) || DateTime.UtcNow >= deadline) return result;
            await Task.Delay(200);
        }
    }
}
