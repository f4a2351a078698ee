using Easegress.Actors.Administration;
using Easegress.Actors.Replica;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Serialization;
using Easegress.Actors.Catalog;
using Easegress.Actors.Hosting;
using Easegress.Actors.Members;
using Easegress.Actors.Objects;
using Easegress.Actors.Serialization;
using Easegress.Actors.Serialization.Legacy;

namespace Easegress.Actors.Tests.Serialization;

/// <summary>A node's actor system, as <see cref="EasegressActorSystem"/> registers its serializers.</summary>
public sealed class HostedSystem : IAsyncLifetime
{
    private string _directory = "";
    public HostedNode Node { get; private set; } = null!;
    public ActorSystem System => Node.System;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("eg-serialization-").FullName;
        Node = await HostedNode.StartAsync(Path.Combine(_directory, "easegress.db"));
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>No type that is journaled, snapshotted, replicated or sent between members is left to Akka's default
/// serializer (Newtonsoft JSON naming CLR types).</summary>
public sealed class RegistrationTests(HostedSystem hosted) : IClassFixture<HostedSystem>
{
    /// <summary>Public records that are not messages: the admin API's answers, built on the member that asks and never
    /// sent or stored. Every other public record outside Hosting (which holds configuration) is a message.</summary>
    private static readonly HashSet<Type> Views =
    [
        typeof(MemberView),
        typeof(ClusterConsole.ClusterMember), typeof(ClusterConsole.ClusterView), typeof(ClusterConsole.RegionView),
        typeof(ClusterConsole.ShardView), typeof(ClusterConsole.Outcome),
    ];

    private Akka.Serialization.Serialization Serialization => hosted.System.Serialization;

    [Fact]
    public void EveryMessageTypeHasItsOwnFormat()
    {
        var messages = typeof(ObjectWritten).Assembly.GetTypes()
            .Where(t => t.IsVisible && t.GetMethod("<Clone>$") is not null
                        && t.Namespace != typeof(NodeSettings).Namespace && !Views.Contains(t))
            .ToList();
        Assert.Contains(typeof(ObjectWritten), messages);
        Assert.Contains(typeof(CatalogEntry), messages);

        var leftToDefault = messages.Where(t => Serialization.FindSerializerForType(t) is not EasegressSerializer)
            .Select(t => $"{t.FullName} -> {Serialization.FindSerializerForType(t).GetType().Name}").ToList();
        Assert.Empty(leftToDefault);
        Assert.Equal(messages.Select(t => t.FullName).Order(), Formats.Types.Select(t => t.FullName).Order());
    }

    [Fact]
    public void EverySampleRoundTripsThroughTheSystemsSerialization()
    {
        foreach (var sample in Samples.All)
        {
            var serializer = Serialization.FindSerializerFor(sample);
            Assert.Equal(EasegressSerializer.Id, serializer.Identifier);
            var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);
            FormatTests.AssertSame(sample, Serialization.Deserialize(serializer.ToBinary(sample), serializer.Identifier, manifest));
        }
    }

    /// <summary>The replicator writes its own envelopes (LWWDictionary, LWWRegister) and Akka's primitive formats for the
    /// keys and the config version; the values inside are ours, named by manifest. The one CLR name in the bytes is the
    /// dictionary's value type, which Akka.DistributedData writes itself (see <see cref="ReplicatedValueTypesKeepTheirClrNames"/>).</summary>
    [Fact]
    public void ReplicatedDataCarriesOurManifests()
    {
        Assert.All([typeof(string), typeof(long)], t => Assert.IsNotAssignableFrom<NewtonSoftJsonSerializer>(Serialization.FindSerializerForType(t)));

        var self = Cluster.Get(hosted.System).SelfUniqueAddress;
        var entry = new CatalogEntry("pipeline-demo", "Pipeline", 507, """{"name":"pipeline-demo"}""");
        var catalog = LWWDictionary<string, CatalogEntry>.Empty.SetItem(self, entry.Name, entry, CatalogKeys.EntryClock);
        var text = Readable(RoundTrip(catalog, out var back));
        Assert.Equal(entry, ((LWWDictionary<string, CatalogEntry>)back)[entry.Name]);
        Assert.Contains("CatalogEntry.v1", text);
        Assert.DoesNotContain("Easegress", text.Replace(ReplicatedValueTypes[typeof(CatalogEntry)], ""));

        var member = (MemberRecord)Samples.All.Single(s => s is MemberRecord);
        var members = LWWDictionary<string, MemberRecord>.Empty.SetItem(self, member.Name, member);
        text = Readable(RoundTrip(members, out back));
        Assert.Equal(member, ((LWWDictionary<string, MemberRecord>)back)[member.Name]);
        Assert.Contains("MemberRecord.v1", text);
        Assert.DoesNotContain("Easegress", text.Replace(ReplicatedValueTypes[typeof(MemberRecord)], ""));

        RoundTrip(new LWWRegister<long>(self, 511L, 511L), out back);
        Assert.Equal(511L, ((LWWRegister<long>)back).Value);
    }

    /// <summary>Akka.DistributedData names the value type of an LWWDictionary by its CLR name in what it gossips, whatever
    /// serializer writes the values: members of adjacent versions must agree on it, so these two types keep their
    /// namespace, name and assembly.</summary>
    private static readonly Dictionary<Type, string> ReplicatedValueTypes = new()
    {
        [typeof(CatalogEntry)] = "Easegress.Actors.Catalog.CatalogEntry, Easegress.Actors",
        [typeof(MemberRecord)] = "Easegress.Actors.Members.MemberRecord, Easegress.Actors",
    };

    [Fact]
    public void ReplicatedValueTypesKeepTheirClrNames()
    {
        // every type the replicator holds under one of our keys: a new one must be added to the list above
        var held = typeof(ObjectWritten).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => typeof(IKey).IsAssignableFrom(f.FieldType))
            .SelectMany(f => f.FieldType.GetGenericArguments())
            .Where(t => t != typeof(string) && t != typeof(long) && t != typeof(int))
            .ToHashSet();
        Assert.Equal([typeof(CatalogEntry), typeof(MemberRecord)], held.OrderBy(t => t.Name));
        Assert.Equal(held.OrderBy(t => t.Name), ReplicatedValueTypes.Keys.OrderBy(t => t.Name));
        foreach (var (type, name) in ReplicatedValueTypes)
            Assert.Equal(name, $"{type.FullName}, {type.Assembly.GetName().Name}");
    }

    /// <summary>Rows journaled before these formats name serializer id 1: it reads Easegress's legacy rows itself.</summary>
    [Fact]
    public void SerializerOneReadsLegacyRows()
    {
        Assert.IsType<LegacyJsonSerializer>(Serialization.FindSerializerForType(typeof(object)));
        var row = """{"$id":"1","$type":"Easegress.Actors.Objects.ObjectRemoved, Easegress.Actors","Name":"p1","Version":6}"""u8.ToArray();
        Assert.Equal(new ObjectRemoved("p1", 6), Serialization.Deserialize(row, 1, ""));
    }

    /// <summary>The bytes as Latin-1 text, unzipped first if the replicator gzipped them.</summary>
    private static string Readable(byte[] bytes)
    {
        if (bytes is [0x1f, 0x8b, ..])
        {
            using var unzipped = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)) gzip.CopyTo(unzipped);
            bytes = unzipped.ToArray();
        }
        return Encoding.Latin1.GetString(bytes);
    }

    private byte[] RoundTrip(object value, out object back)
    {
        var serializer = Serialization.FindSerializerFor(value);
        Assert.IsNotAssignableFrom<NewtonSoftJsonSerializer>(serializer);
        var bytes = serializer.ToBinary(value);
        back = Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, value));
        return bytes;
    }
}
