using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Easegress.Statistics;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Statistics;

public sealed class FilterStatTests
{
    private sealed class ResultFilter(Func<int, string> resultOf) : ISyncFilter<RequestContext>
    {
        private int _runs;
        public string Handle(RequestContext context) => resultOf(_runs++);
        public void Dispose() { }
    }

    private static FlowStepRunner RunnerOf(IFilter filter) =>
        new(0, new FlowStep("f", null, new Easegress.Filters.Validator.ValidatorKind(), new Dictionary<string, int>()), filter, 1, null, null)   // declares "invalid"
            { Stat = new HttpStat(new ManualClock()) };

    [Fact]
    public void A_run_counts_as_an_error_when_its_result_is_not_empty_and_a_throw_counts_too()
    {
        var runner = RunnerOf(new ResultFilter(i => i % 4 == 0 ? "invalid" : i == 7 ? throw new InvalidOperationException("boom") : ""));
        for (var i = 0; i < 10; i++) runner.RunSync(new RequestContext(new DefaultHttpContext(), "p"));

        var s = runner.Stat.Snapshot();
        Assert.Equal(10, s.Count);
        Assert.Equal(4, s.ErrCount);   // runs 0, 4, 8 returned "invalid"; run 7 threw (internalError)
        Assert.Empty(s.Codes);
        var status = FilterMetrics.StatusOf(s);
        Assert.Equal(10L, status["count"]);
        Assert.False(status.ContainsKey("codes"));
        Assert.False(status.ContainsKey("reqSize"));
    }

    [Fact]
    public void Recording_a_run_of_an_untraced_request_allocates_nothing()
    {
        var runner = RunnerOf(new ResultFilter(i => i % 2 == 0 ? "" : "invalid"));
        var context = new RequestContext(new DefaultHttpContext(), "p");
        for (var i = 0; i < 100; i++) runner.RunSync(context);   // warm up

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 10_000; i++) runner.RunSync(context); }));
        Assert.Equal(30_100, runner.Stat.Count);
    }

    [Fact]
    public void A_result_the_kind_does_not_declare_fails_the_run_naming_filter_and_result()
    {
        var runner = RunnerOf(new ResultFilter(_ => "invalidd"));
        var context = new RequestContext(new DefaultHttpContext(), "p");
        runner.RunSync(context);

        Assert.Equal("internalError", context.LastResult);
        Assert.True(context.Ended);
        Assert.Contains("returned result \"invalidd\", which its kind does not declare", context.Error?.Message);
        Assert.Equal(1, runner.Stat.Snapshot().ErrCount);
    }
}
