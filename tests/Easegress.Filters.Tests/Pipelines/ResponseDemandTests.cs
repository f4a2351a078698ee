using Easegress.Context;
using Easegress.Pipelines;
using Easegress.Filters.Proxy;
using Easegress.Specs;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>What the compiler tells each flow node about the filters after it: may they use the response?</summary>
public sealed class ResponseDemandTests
{
    private const string Filters = """
        filters:
        - {name: proxy, kind: Proxy, pools: [{servers: [{url: "http://127.0.0.1:9095"}]}]}
        - {name: proxy2, kind: Proxy, pools: [{servers: [{url: "http://127.0.0.1:9096"}]}]}
        - {name: requestAdaptor, kind: RequestAdaptor, header: {set: {X-A: "1"}}}
        - {name: responseAdaptor, kind: ResponseAdaptor, header: {set: {X-B: "1"}}}
        """;

    private static ResponseDemand?[] Demands(string flow, bool usedAfterEnd = false) =>
        ResponseDemands.Of(Definition(flow), usedAfterEnd);

    private static PipelineDefinition Definition(string flow)
    {
        var spec = SpecBinder.Bind<PipelineSpec>(SpecDocument.ParseObject($"""
            name: p
            kind: Pipeline
            flow:
            {flow}
            {Filters}
            """));
        return PipelineDefinition.Validate(spec, BuiltInKinds.Filters);
    }

    [Theory]
    [InlineData("- filter: responseAdaptor", true)]
    [InlineData("- filter: requestAdaptor", false)]
    [InlineData("- {filter: requestAdaptor, jumpIf: {\"\": END}}\n- filter: responseAdaptor", false)]
    [InlineData("- filter: requestAdaptor\n- filter: responseAdaptor", true)]
    public void A_flow_after_the_pipeline_uses_the_response_when_a_node_it_reaches_does(string flow, bool used) =>
        Assert.Equal(used, ResponseDemands.UsedBy(Definition(flow)));

    [Fact]
    public void A_Proxy_at_the_end_of_the_flow_is_told_nothing_uses_its_response()
    {
        var proxy = Demands("- filter: proxy")[0]!;

        Assert.False(proxy.After(""));
        Assert.False(proxy.After(ProxyKind.FailureCode));
    }

    [Fact]
    public void A_ResponseAdaptor_after_the_Proxy_uses_the_response()
    {
        var demands = Demands("- filter: proxy\n- filter: responseAdaptor");

        Assert.True(demands[0]!.After(""));
        Assert.False(demands[0]!.After(ProxyKind.FailureCode));   // an unmapped failure ends the pipeline
        Assert.False(demands[1]!.After(""));
    }

    [Fact]
    public void Filters_that_change_only_the_request_do_not_use_it()
    {
        var proxy = Demands("- filter: proxy\n- filter: requestAdaptor")[0]!;

        Assert.False(proxy.After(""));
    }

    [Fact]
    public void A_filter_that_uses_it_further_on_counts_through_the_ones_that_do_not()
    {
        var proxy = Demands("- filter: proxy\n- filter: requestAdaptor\n- filter: responseAdaptor")[0]!;

        Assert.True(proxy.After(""));
    }

    [Fact]
    public void A_filter_reached_only_on_failure_is_a_demand_only_after_those_results()
    {
        var proxy = Demands("""
            - filter: proxy
              jumpIf: {failureCode: responseAdaptor, serverError: responseAdaptor}
            - filter: END
            - filter: responseAdaptor
            """)[0]!;

        Assert.False(proxy.After(""));
        Assert.True(proxy.After(ProxyKind.FailureCode));
        Assert.True(proxy.After(ProxyKind.ServerError));
        Assert.False(proxy.After(ProxyKind.Timeout));
    }

    [Fact]
    public void A_jump_over_the_later_filters_is_followed()
    {
        var proxy = Demands("""
            - filter: proxy
              jumpIf: {"": END}
            - filter: responseAdaptor
            """)[0]!;

        Assert.False(proxy.After(""));
    }

    [Fact]
    public void A_second_Proxy_uses_the_response_it_replaces()
    {
        var proxy = Demands("""
            - filter: proxy
              jumpIf: {failureCode: proxy2}
            - filter: END
            - filter: proxy2
            """)[0]!;

        Assert.True(proxy.After(ProxyKind.FailureCode));
        Assert.False(proxy.After(""));
    }

    [Fact]
    public void Something_after_the_pipeline_makes_every_way_out_a_demand()
    {
        var demands = Demands("- filter: proxy\n- filter: requestAdaptor", usedAfterEnd: true);

        Assert.True(demands[0]!.After(""));
        Assert.True(demands[0]!.After(ProxyKind.ServerError));
        Assert.True(demands[0]!.After("undeclared"));
    }

    [Fact]
    public void The_engine_hands_each_filter_its_nodes_demand()
    {
        Assert.False(ResponseDemand.None.After(""));
        Assert.True(ResponseDemand.Always.After("anything"));
    }
}
