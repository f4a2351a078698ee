using Easegress.Actors.Traffic;

namespace Easegress.Actors.Tests;

public sealed class AppliedCatalogTests
{
    [Fact]
    public async Task WaitsUntilTheVersionRunsOrTheObjectIsGone()
    {
        var applied = new AppliedCatalog();
        var waiting = applied.WaitAsync("a", 2, removed: false, TimeSpan.FromSeconds(5));
        applied.Applied(new Dictionary<string, long> { ["a"] = 1 });
        Assert.False(waiting.IsCompleted);
        applied.Applied(new Dictionary<string, long> { ["a"] = 2 });
        Assert.True(await waiting);

        var removal = applied.WaitAsync("a", 3, removed: true, TimeSpan.FromSeconds(5));
        applied.Applied(new Dictionary<string, long>());
        Assert.True(await removal);

        Assert.False(await applied.WaitAsync("never", 1, removed: false, TimeSpan.FromMilliseconds(100)));
    }
}
