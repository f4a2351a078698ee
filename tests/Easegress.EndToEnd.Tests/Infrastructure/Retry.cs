namespace Easegress.EndToEnd.Tests.Infrastructure;

public static class Retry
{
    /// <summary>Calls <paramref name="attempt"/> until <paramref name="done"/> holds or the time is up; returns the last result.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> attempt, Func<T, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            T result;
            try { result = await attempt(); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                continue;
            }
            if (done(result) || DateTime.UtcNow >= deadline) return result;
            await Task.Delay(200);
        }
    }
}
