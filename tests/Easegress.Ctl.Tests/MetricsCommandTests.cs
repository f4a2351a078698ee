namespace Easegress.Ctl.Tests;

public sealed class MetricsCommandTests
{
    [Fact]
    public async Task Metrics_prints_the_Prometheus_text_as_served()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "metrics");

        Assert.Equal(new EgctlRun(0, FakeAdminApi.MetricsText, ""), run);
        Assert.Equal("/apis/v2/metrics", Assert.Single(api.Requests).Path);
    }
}
