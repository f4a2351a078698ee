using Akka.Actor;
using Akka.Streams;
using Easegress.Objects.GlobalFilter;
using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Easegress.Objects.Pipeline;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;
using Easegress.Objects;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Pipelines;

/// <summary>
/// A pipeline, and a global filter's flows around it, as the HTTP server calls them: a request is given to the current
/// version and waited for through its own context; a request that comes in while either is being deleted does not wait
/// for a version that will never take it.
/// </summary>
public sealed class PipelineRuntimeTests : IDisposable
{
    private readonly ActorSystem _system = GraphActors.Create("runtime");
    private readonly TrafficEnvironment _environment;

    public PipelineRuntimeTests() => _environment = new TrafficEnvironment
    {
        Filters = FilterEnvironment.Create(),
        Materializer = _system.Materializer(),
        Listeners = null!,   // pipelines and global filters open no listener
        DrainTimeout = TimeSpan.FromSeconds(5),
    };

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
        return new PipelineRuntime(PipelineDefinition.Validate(spec, BuiltInKinds.Filters), _environment);
    }

    [Fact]
    public async Task ARequestComesBackWithTheResponseItsFiltersGaveIt()
    {
        var runtime = Start(201);
        var context = new RequestContext(new DefaultHttpContext(), runtime.Name);
        await runtime.RunAsync(context).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
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
        var context = new RequestContext(new DefaultHttpContext(), runtime.Name);
        await runtime.RunAsync(context).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Null(context.Response);
    }

    [Fact]
    public async Task ARequestArrivingWhileAGlobalFilterClosesGoesOnToItsPipelineWithoutIt()
    {
        var pipeline = Start(200);
        var spec = SpecBinder.Bind<GlobalFilterSpec>(SpecDocument.ParseObject("""
            name: refusing
            kind: GlobalFilter
            beforePipeline:
              flow: [{filter: refuse}]
              filters:
              - name: refuse
                kind: Mock
                rules: [{match: {}, code: 403, body: refused}]
            """));
        var global = new GlobalFilterRuntime(GlobalFilterDefinition.Validate(spec, BuiltInKinds.Filters), _environment);
        var before = new RequestContext(new DefaultHttpContext(), pipeline.Name);
        await global.HandleAsync(before, pipeline).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(403, before.Response?.StatusCode);

        await global.DisposeAsync();
        var after = new RequestContext(new DefaultHttpContext(), pipeline.Name);
        await global.HandleAsync(after, pipeline).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, after.Response?.StatusCode);
        await pipeline.DisposeAsync();
    }
}
