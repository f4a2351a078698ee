using Akka.Actor;
using Akka.Streams;
using Easegress.Context;
using Easegress.Filters.Mock;
using Easegress.Filters.Tests.Support;
using Easegress.Objects;
using Easegress.Objects.Pipeline;
using Easegress.Pipelines;
using Easegress.Specs;

namespace Easegress.Filters.Tests.Protocols;

/// <summary>
/// The pipeline engine is not HTTP's: a message of another protocol (here a packet with a topic, as an MQTT proxy
/// would bring) runs through the same pipeline runtime, with its own filters, jumps, statistics and asynchronous
/// stages, and an HTTP filter given such a message ends the flow with a clear error instead of misreading it.
/// </summary>
public sealed class OtherProtocolTests : IDisposable
{
    private sealed class PacketContext(string topic, string pipeline) : FlowContext(pipeline, null)
    {
        public override string Protocol => "PACKET";
        public override CancellationToken Aborted => CancellationToken.None;
        public string Topic { get; set; } = topic;
        public List<string> Seen { get; } = [];
    }

    public sealed class PacketSpec : FilterSpec
    {
        public string Prefix { get; set; } = "";
    }

    /// <summary>Prefixes the topic; refuses topics that start with '$' (result <c>refused</c>).</summary>
    private sealed class TopicPrefixKind : FilterKind<PacketSpec>
    {
        public const string Refused = "refused";
        public override string Name => "TopicPrefix";
        public override string Description => "TopicPrefix prefixes packet topics.";
        public override IReadOnlyList<string> Results => [Refused];

        protected override IFilter Create(PacketSpec spec, FilterEnvironment environment) => new Filter(spec.Prefix);

        private sealed class Filter(string prefix) : ISyncFilter<PacketContext>
        {
            public string Handle(PacketContext context)
            {
                context.Seen.Add("prefix");
                if (context.Topic.StartsWith('$')) return Refused;
                context.Topic = prefix + context.Topic;
                return "";
            }

            public void Dispose() { }
        }
    }

    /// <summary>Records the packet after a real wait, so it runs in the engine's asynchronous stage.</summary>
    private sealed class SlowRecordKind : FilterKind<PacketSpec>
    {
        public override string Name => "SlowRecord";
        public override string Description => "SlowRecord records packets.";
        public override IReadOnlyList<string> Results => [];

        protected override IFilter Create(PacketSpec spec, FilterEnvironment environment) => new Filter();

        private sealed class Filter : IAsyncFilter<PacketContext>
        {
            public async ValueTask<string> HandleAsync(PacketContext context)
            {
                await Task.Delay(20);
                context.Seen.Add("record:" + context.Topic);
                return "";
            }

            public void Dispose() { }
        }
    }

    private readonly ActorSystem _system = GraphActors.Create("packets");
    private readonly TrafficEnvironment _environment;
    private readonly FilterRegistry _kinds = new([new TopicPrefixKind(), new SlowRecordKind(), new MockKind()]);

    public OtherProtocolTests() => _environment = new TrafficEnvironment
    {
        Filters = FilterEnvironment.Create(),
        Materializer = _system.Materializer(),
        Listeners = null!,   // a pipeline opens no listener
        DrainTimeout = TimeSpan.FromSeconds(5),
    };

    public void Dispose() => _system.Dispose();

    private PipelineRuntime Start(string yaml) =>
        new(PipelineDefinition.Validate(SpecBinder.Bind<PipelineSpec>(SpecDocument.ParseObject(yaml)), _kinds), _environment);

    private const string Packets = """
        name: packets
        kind: Pipeline
        flow:
        - filter: prefix
          jumpIf: { refused: END }
        - filter: record
        filters:
        - name: prefix
          kind: TopicPrefix
          prefix: "tenant-a/"
        - name: record
          kind: SlowRecord
        """;

    [Fact]
    public async Task A_packet_goes_through_its_filters_in_flow_order_including_an_asynchronous_one()
    {
        var pipeline = Start(Packets);
        var packet = new PacketContext("sensors/1", pipeline.Name);

        await pipeline.RunAsync(packet).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["prefix", "record:tenant-a/sensors/1"], packet.Seen);
        Assert.Equal("", packet.LastResult);
        Assert.False(packet.Ended);
        await pipeline.DisposeAsync();
    }

    [Fact]
    public async Task A_result_jumps_as_it_does_for_HTTP_and_the_statistics_count_it()
    {
        var pipeline = Start(Packets);
        var packet = new PacketContext("$SYS/broker", pipeline.Name);

        await pipeline.RunAsync(packet).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["prefix"], packet.Seen);
        Assert.Equal("refused", packet.LastResult);
        Assert.True(packet.Ended);
        var status = (Dictionary<string, object?>)pipeline.Status();
        var stats = (IDictionary<string, Dictionary<string, object>>)status["filterStats"]!;
        Assert.Equal(1L, stats["prefix"]["count"]);
        await pipeline.DisposeAsync();
    }

    [Fact]
    public async Task An_HTTP_filter_given_a_packet_ends_the_flow_with_an_error_naming_both_protocols()
    {
        var pipeline = Start("""
            name: mixed
            kind: Pipeline
            flow: [{filter: mock}, {filter: record}]
            filters:
            - name: mock
              kind: Mock
              rules: [{match: {}, code: 200}]
            - name: record
              kind: SlowRecord
            """);
        var packet = new PacketContext("sensors/1", pipeline.Name);

        await pipeline.RunAsync(packet).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(packet.Seen);
        Assert.Equal("internalError", packet.LastResult);
        var error = Assert.IsType<ProtocolMismatchException>(packet.Error);
        Assert.Equal("filter MockFilter handles RequestContext messages, not PACKET ones (pipeline mixed)", error.Message);
        await pipeline.DisposeAsync();
    }
}
