using Akka.Actor;
using Akka.Streams;
using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Easegress.Filters.Specs;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Traffic;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>
/// A pipeline as the HTTP server calls it: a request is given to the current version and waited for through its own
/// context; a request that comes in while the pipeline closes is turned away at once.
/// </summary>
public sealed class PipelineRuntimeTests : IDisposable
{
    private readonly ActorSystem _system = GraphActors.Create("runtime");

    public void Dispose() => _system.Dispose();

    private PipelineRuntime Start(int code)
    {
        var spec = SpecBinder.Bind<PipelineSpec>(SpecDocument.ParseObject($$"""
            name: answering
            kind: Pipeline
            flow: [{filter: mock}]
            filters:
            - name: mock
              kind: Mock
              rules: [{match: {}, code: {{code}}, body: answered}]
            """));
        var environment = new TrafficEnvironment
        {
            Filters = FilterEnvironment.Create(),
            Materializer = _system.Materializer(),
            Listeners = null!,   // a pipeline opens no listener
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        return new PipelineRuntime(PipelineDefinition.Validate(spec, FilterRegistry.Default), environment);
    }

    [Fact]
    public async Task ARequestComesBackWithTheResponseItsFiltersGaveIt()
    {
        var runtime = Start(201);
        var context = await runtime.HandleAsync(new DefaultHttpContext()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(201, context.Response?.StatusCode);
        await runtime.DisposeAsync();
    }

    [Fact]
    public async Task OneContextRunsThroughOneFlowAfterAnother()
    {
        // what a global filter does: before, the pipeline, after, each a flow of its own for the same context
        var runtime = Start(202);
        var context = new RequestContext(new DefaultHttpContext(), "answering");
        for (var flow = 0; flow < 3; flow++)
        {
            var ran = await runtime.RunAsync(context).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Same(context, ran);
            Assert.Equal(202, context.Response?.StatusCode);
            context.Respond(new PipelineResponse(0));
        }
        await runtime.DisposeAsync();
    }

    [Fact]
    public async Task ARequestArrivingWhileThePipelineClosesIsTurnedAwayWithoutAResponse()
    {
        var runtime = Start(200);
        await runtime.DisposeAsync();
        // it must not wait for a version that will never take it (the server then answers 503)
        var context = await runtime.HandleAsync(new DefaultHttpContext()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(context.Response);
    }
}
