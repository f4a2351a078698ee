using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Easegress.Actors.Leadership;
using Easegress.Actors.Objects;
using Easegress.Actors.Serialization;
using Google.Protobuf;

namespace Easegress.Actors.Tests.Serialization;

public sealed class FormatTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly EasegressSerializer _serializer;

    public FormatTests() => _serializer = new EasegressSerializer((ExtendedActorSystem)Sys);

    public static TheoryData<string> Manifests => new(Formats.All.Select(f => f.Manifest));

    [Fact]
    public void EveryFormatHasASampleAndAManifestOfItsOwn()
    {
        Assert.Equal(Formats.All.Select(f => f.Type).Order(ByName), Samples.All.Select(s => s.GetType()).Order(ByName));
        Assert.Equal(Formats.All.Count, Formats.All.Select(f => f.Manifest).Distinct().Count());
        Assert.All(Formats.All, f => Assert.Matches(@"^[A-Za-z]+\.v[0-9]+$", f.Manifest));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void RoundTrips(string manifest)
    {
        var sample = SampleOf(manifest);
        Assert.Equal(manifest, _serializer.Manifest(sample));
        AssertSame(sample, _serializer.FromBinary(_serializer.ToBinary(sample), manifest));
    }

    /// <summary>A newer version may add fields, before or after the ones this one knows: they are skipped.</summary>
    [Theory]
    [MemberData(nameof(Manifests))]
    public void FieldsAddedByANewerVersionAreSkipped(string manifest)
    {
        var sample = SampleOf(manifest);
        var bytes = Unknown(90).Concat(_serializer.ToBinary(sample)).Concat(Unknown(1000)).ToArray();
        AssertSame(sample, _serializer.FromBinary(bytes, manifest));
    }

    [Fact]
    public void AKnownNumberWithAnotherWireTypeIsSkipped()
    {
        var bytes = Encode(o =>
        {
            o.Number(1, 7);                 // name, as a number
            o.Text(2, "Pipeline");
            o.Text(4, "not a number");      // version, as text
            o.Text(3, "{}");
        });
        Assert.Equal(new ObjectWritten("", "Pipeline", "{}", 0), _serializer.FromBinary(bytes, "ObjectWritten.v1"));
    }

    [Fact]
    public void AnUnknownManifestIsRefused()
    {
        var refused = Assert.Throws<SerializationException>(() => _serializer.FromBinary([], "ObjectWritten.v2"));
        Assert.Contains("ObjectWritten.v2", refused.Message);
    }

    /// <summary>Fields left out read as defaults (and a null kind stays null).</summary>
    [Fact]
    public void AnEmptyMessageReadsAsDefaults()
    {
        Assert.Equal(new WriteResult(0, "", 0, null), _serializer.FromBinary([], "WriteResult.v1"));
        AssertSame(new LeaderSnapshot(0, []), _serializer.FromBinary([], "LeaderSnapshot.v1"));
        var result = WriteResult.Rejected(404, "p1 not found");
        Assert.Null(((WriteResult)_serializer.FromBinary(_serializer.ToBinary(result), "WriteResult.v1")).Kind);
    }

    internal static object SampleOf(string manifest) => Samples.All.Single(s => Formats.Of(s.GetType()).Manifest == manifest);

    /// <summary>Same type and same values (records holding arrays compare by reference, so values are compared as JSON).</summary>
    internal static void AssertSame(object expected, object actual)
    {
        Assert.IsType(expected.GetType(), actual);
        Assert.Equal(JsonSerializer.Serialize(expected, expected.GetType()), JsonSerializer.Serialize(actual, actual.GetType()));
    }

    /// <summary>Fields of every wire type this build never wrote, numbered from <paramref name="first"/>.</summary>
    private static byte[] Unknown(int first) => Encode(o =>
    {
        o.Text(first, "from a newer version");
        o.Number(first + 1, long.MinValue);
        o.WriteTag(first + 2, WireFormat.WireType.Fixed64);
        o.WriteFixed64(ulong.MaxValue);
        o.WriteTag(first + 3, WireFormat.WireType.Fixed32);
        o.WriteFixed32(7);
        o.Time(first + 4, DateTimeOffset.UnixEpoch);   // a nested message
    });

    internal static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) write(output);
        return buffer.ToArray();
    }

    private static readonly Comparer<Type> ByName = Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
}
