using Akka.Actor;
using Easegress.Actors.Serialization;

namespace Easegress.Actors.Tests.Serialization;

/// <summary>
/// The bytes of each sample as version 1 of its format writes them, checked in. This build must write exactly these
/// bytes and read them back: a field renumbered, retyped or dropped fails here even when a round trip still passes.
/// (Hand-checked: ObjectRemoved.v1 is 0a 0d "pipeline-gone" 10 fe03 — field 1 text, field 2 varint 510.)
/// </summary>
public sealed class WireBytesTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Dictionary<string, string> V1 = new()
    {
        ["ObjectWritten.v1"] = "0a0d706970656c696e652d64656d6f1208506970656c696e651a377b226e616d65223a22706970656c696e652d64656d6f222c226b696e64223a22506970656c696e65222c2266696c74657273223a5b5d7d20fb03",
        ["ObjectRemoved.v1"] = "0a0d706970656c696e652d676f6e6510fe03",
        ["CreateObject.v1"] = "0a0b7365727665722d64656d6f12377b226e616d65223a227365727665722d64656d6f222c226b696e64223a2248545450536572766572222c22706f7274223a31303038307d",
        ["UpdateObject.v1"] = "0a0b7365727665722d64656d6f12377b226e616d65223a227365727665722d64656d6f222c226b696e64223a2248545450536572766572222c22706f7274223a31303038317d",
        ["DeleteObject.v1"] = "0a0b7365727665722d64656d6f",
        ["RepublishObject.v1"] = "0a0d706970656c696e652d64656d6f",
        ["WriteResult.v1"] = "08c901120763726561746564182a220a48545450536572766572",
        ["VersionTaken.v1"] = "0a0d706970656c696e652d676f6e6510fe031801",
        ["LeaderSnapshot.v1"] = "08f403120b7365727665722d64656d6f120d706970656c696e652d64656d6f1212706970656c696e652dc3bc6ec3af636f6465",
        ["AllocateVersion.v1"] = "0a0d706970656c696e652d676f6e651001",
        ["VersionAllocated.v1"] = "08ff03",
        ["VersionRefused.v1"] = "0a30746865206c65616465722069732072657374617274696e672061667465722061206a6f75726e616c206661696c757265",
        ["CatalogEntry.v1"] = "0a0d706970656c696e652d64656d6f1208506970656c696e6518fb0322187b226e616d65223a22706970656c696e652d64656d6f227d",
        ["MemberRecord.v1"] = "0a0465672d3112077072696d6172791a0f7b226e616d65223a2265672d31227d221c616b6b612e7463703a2f2f6567403132372e302e302e313a3233383028ebc5b7dee1ffffffff01320b08f4c2dcd8061080f78e793a0c08f9c2dcd80610bc90feb301",
        ["GetTrafficStatus.v1"] = "",
        ["TrafficStatus.v1"] = "0a0465672d31108092b3d8061a1f7b227365727665722d64656d6f223a7b226865616c7468223a226f6b227d7d",
        ["GetTrafficMetrics.v1"] = "0a0a65672d636c757374657212077072696d6172791a0465672d31",
        ["TrafficMetrics.v1"] = "0a15232054595045207820636f756e7465720a7820310a",
        ["StopTraffic.v1"] = "",
        ["TrafficStopped.v1"] = "",
        ["RunController.v1"] = "0a0d72656769737472792d64656d6f12134574636453657276696365526567697374727918800422357b226e616d65223a2272656769737472792d64656d6f222c226b696e64223a2245746364536572766963655265676973747279227d",
        ["StopController.v1"] = "0a0d72656769737472792d676f6e65108104",
        ["HandOffController.v1"] = "",
    };

    public static TheoryData<string> Manifests => new(V1.Keys);

    [Fact]
    public void EveryFormatHasCheckedInBytes() =>
        Assert.Equal(Formats.All.Select(f => f.Manifest).Order(), V1.Keys.Order());

    [Theory]
    [MemberData(nameof(Manifests))]
    public void WritesAndReadsTheCheckedInBytes(string manifest)
    {
        var serializer = new EasegressSerializer((ExtendedActorSystem)Sys);
        var sample = FormatTests.SampleOf(manifest);
        Assert.Equal(V1[manifest], Convert.ToHexString(serializer.ToBinary(sample)).ToLowerInvariant());
        FormatTests.AssertSame(sample, serializer.FromBinary(Convert.FromHexString(V1[manifest]), manifest));
    }
}
