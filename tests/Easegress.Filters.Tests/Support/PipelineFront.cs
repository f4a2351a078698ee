using Easegress.Statistics;
using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Streams;
using Easegress.Objects.HTTPServer;
using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Easegress.Specs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Easegress.Filters.Tests.Support;

/// <summary>
/// A real Kestrel front running a compiled pipeline: the YAML is validated and materialized into its stream graph as a
/// node does (flow, jumps, what each Proxy may stream), and the response is written the way the HTTP server writes it.
/// Records the result of the last filter of every request.
/// </summary>
internal sealed class PipelineFront : IAsyncDisposable
{
    private static readonly Lazy<ActorSystem> Actors = new(() => GraphActors.Create("pipeline-front"));

    private readonly LoopbackServer _server;
    private readonly PipelineGraph _graph;

    private PipelineFront(LoopbackServer server, PipelineGraph graph, HttpClient client)
    {
        _server = server;
        _graph = graph;
        Client = client;
    }

    public HttpClient Client { get; }
    public string Url => _server.Url;
    public BlockingCollection<string> Results { get; } = new();

    /// <summary>Whether each request's flow ended (rather than ran past its last node), in the order they finished.</summary>
    public ConcurrentQueue<bool> Ended { get; } = new();

    /// <param name="time">The filters' clock; the real one when null.</param>
    public static async Task<PipelineFront> StartAsync(string pipelineYaml, TimeProvider? time = null)
    {
        var spec = SpecBinder.Bind<PipelineSpec>(SpecDocument.ParseObject(pipelineYaml));
        var definition = PipelineDefinition.Validate(spec, BuiltInKinds.Filters);
        var environment = FilterEnvironment.Create();
        if (time is not null) environment = new FilterEnvironment { Forwarder = environment.Forwarder, Time = time };
        var graph = PipelineGraph.Materialize(definition, environment, Actors.Value.Materializer());
        PipelineFront? front = null;
        var server = await LoopbackServer.StartAsync(async http =>
        {
            var context = new RequestContext(http, definition.Name);
            await graph.TryRunAsync(context);
            front!.Ended.Enqueue(context.Ended);
            front.Results.Add(context.LastResult);
            await ResponseWriter.WriteAsync(context, NullLogger.Instance);
        });
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        front = new PipelineFront(server, graph, client);
        return front;
    }

    /// <summary>The status of the filter (or flow node) labelled <paramref name="label"/>.</summary>
    public object? Status(string label) => _graph.Filters.Single(f => f.Label == label).Filter.Status();

    /// <summary>Each filter's statistics, in flow order.</summary>
    public IEnumerable<(string Label, string Kind, HttpStat Stat)> FilterStats => _graph.FilterStats;

    /// <summary>The result of the last filter of the next request that finished.</summary>
    public string NextResult() =>
        Results.TryTake(out var result, TimeSpan.FromSeconds(10)) ? result : throw new TimeoutException("no pipeline result recorded");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        await _graph.DrainAsync(TimeSpan.FromSeconds(5));
        Results.Dispose();
    }
}
