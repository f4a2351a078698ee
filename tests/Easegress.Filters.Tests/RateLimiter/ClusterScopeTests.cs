using Easegress.Filters.RateLimiter;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.RateLimiter;

/// <summary><c>scope: cluster</c>: the members' shares of a limit add up to it, and follow the membership.</summary>
public sealed class ClusterScopeTests
{
    private readonly ManualClock _clock = new();

    private RateLimiterFilter Limiter(int limit, ClusterShare share, string scope = "cluster") => new(TestSpecs.Filter<RateLimiterSpec>($$"""
        name: limiter
        kind: RateLimiter
        scope: {{scope}}
        policies: [{name: p, limitForPeriod: {{limit}}, limitRefreshPeriod: 1s, timeoutDuration: 0s}]
        urls: [{url: {prefix: /}, policyRef: p}]
        """), _clock, share);

    private static int Granted(RateLimiterFilter filter, int tries) =>
        Enumerable.Range(0, tries).Count(_ => filter.HandleAsync(Requests.Context()).Result == "");

    private static ClusterShare Place(int rank, int members)
    {
        var share = new ClusterShare();
        share.Update(rank, members);
        return share;
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(10, 4)]
    [InlineData(2, 3)]
    [InlineData(7, 1)]
    public void The_shares_of_every_member_add_up_to_the_limit(int limit, int members)
    {
        var granted = Enumerable.Range(0, members).Sum(rank =>
        {
            using var filter = Limiter(limit, Place(rank, members));
            return Granted(filter, limit + 5);
        });
        Assert.Equal(limit, granted);
    }

    [Fact]
    public void When_a_member_goes_the_others_take_its_share_and_give_it_back_when_it_returns()
    {
        var share = Place(0, 3);
        using var filter = Limiter(9, share);
        Assert.Equal(3, Granted(filter, 20));

        share.Update(0, 2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, Granted(filter, 20));   // 9 = 5 + 4: rank 0 takes the odd one

        share.Update(1, 3);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, Granted(filter, 20));
    }

    [Fact]
    public void A_smaller_share_takes_effect_within_the_running_period()
    {
        var share = Place(0, 1);
        using var filter = Limiter(10, share);
        Assert.Equal(2, Granted(filter, 2));
        share.Update(0, 5);
        Assert.Equal(0, Granted(filter, 5));   // 8 left, but this member's share is now 2 a period
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, Granted(filter, 5));
    }

    [Fact]
    public void Node_scope_ignores_the_membership_and_a_disposed_filter_stops_listening()
    {
        var share = Place(0, 4);
        using (var node = Limiter(8, share, scope: "node")) Assert.Equal(8, Granted(node, 20));

        var filter = Limiter(8, share);
        filter.Dispose();
        share.Update(0, 1);
        Assert.Equal(2, Granted(filter, 20));
    }

    [Fact]
    public void An_unknown_scope_is_refused_naming_the_field()
    {
        var error = Assert.Throws<SpecException>(() => TestSpecs.Filter<RateLimiterSpec>("""
            name: limiter
            kind: RateLimiter
            scope: galaxy
            policies: [{name: p}]
            urls: [{url: {prefix: /}, policyRef: p}]
            """));
        Assert.Contains("scope", error.Message);
        Assert.Contains("galaxy", error.Message);
    }
}
