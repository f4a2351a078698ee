using System.Net;
using Easegress.Filters.RateLimiter;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.RateLimiter;

/// <summary>
/// The flash sale through a real front and backend: a burst far above the limit lets exactly the permitted number
/// through each period, answers the rest 429 without waiting, and the backend sees only the permitted ones. The
/// limiter's clock is a manual one, so a period ends only when the test says.
/// </summary>
public sealed class FlashSaleTests
{
    private const int Burst = 500;
    private const int Limit = 10;

    private static string Pipeline(string kind, string backendUrl, string period = "1s", string timeout = "0s") => $$"""
        name: flash-sale
        kind: {{kind}}
        flow:
        - filter: limiter
        - filter: proxy
        filters:
        - name: limiter
          kind: RateLimiter
          policies:
          - name: sale
            limitForPeriod: {{Limit}}
            limitRefreshPeriod: {{period}}
            timeoutDuration: {{timeout}}
          defaultPolicyRef: sale
          urls:
          - methods: [POST]
            url: {prefix: /flashsale}
        - name: proxy
          kind: Proxy
        {{(kind == "Pipeline" ? $"  pools: [{{servers: [{{url: {backendUrl}}}]}}]" : $"  mainPool: {{servers: [{{url: {backendUrl}}}]}}")}}
        """;

    [Theory]
    [InlineData("Pipeline")]
    [InlineData("HTTPPipeline")]
    public async Task A_burst_far_above_the_limit_lets_exactly_the_permitted_number_reach_the_backend_each_period(string kind)
    {
        var clock = new ManualClock();
        await using var backend = await RecordingBackend.StartAsync("shop");
        await using var front = await PipelineFront.StartAsync(Pipeline(kind, backend.Url), clock);

        var first = await BurstAsync(front.Client);

        Assert.Equal(Limit, first[HttpStatusCode.OK]);
        Assert.Equal(Burst - Limit, first[HttpStatusCode.TooManyRequests]);
        Assert.Equal(Limit, backend.Received.Count);
        Assert.Equal(Burst - Limit, Enumerable.Range(0, Burst).Count(_ => front.NextResult() == RateLimiterKind.RateLimited));

        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await BurstAsync(front.Client);

        Assert.Equal(Limit, second[HttpStatusCode.OK]);
        Assert.Equal(Burst - Limit, second[HttpStatusCode.TooManyRequests]);
        Assert.Equal(2 * Limit, backend.Received.Count);
        Assert.Equal(0, clock.PendingTimers);   // nobody waited

        using var browsing = await front.Client.GetAsync("/flashsale");   // GET is not limited
        Assert.Equal(HttpStatusCode.OK, browsing.StatusCode);
    }

    [Fact]
    public async Task On_the_real_clock_requests_whose_permits_come_within_the_timeout_wait_for_them_and_all_pass()
    {
        await using var backend = await RecordingBackend.StartAsync("shop");
        await using var front = await PipelineFront.StartAsync(Pipeline("Pipeline", backend.Url, period: "100ms", timeout: "5s"));
        const int requests = 3 * Limit;   // this period's permits and those of the next two (or three)

        var statuses = await BurstAsync(front.Client, requests);

        Assert.Equal(requests, statuses[HttpStatusCode.OK]);
        Assert.Equal(requests, backend.Received.Count);
    }

    private static async Task<Dictionary<HttpStatusCode, int>> BurstAsync(HttpClient client, int size = Burst)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, size).Select(async i =>
        {
            using var response = await client.PostAsync($"/flashsale?buyer={i}", new StringContent("buy"));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Equal("too-many-requests", response.Headers.GetValues(RateLimiterFilter.Header).Single());
            return response.StatusCode;
        }));
        return statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }
}
