// Format: Protocol Buffers written by hand with Google.Protobuf's CodedOutputStream/CodedInputStream: numbered fields
// make the rule "add fields, never renumber" visible in code, readers skip what they do not know, and a dozen small
// messages need no .proto compiler in the build.
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace Easegress.Actors.Serialization;

/// <summary>
/// The serializer of everything Easegress journals, snapshots, replicates (DistributedData values) or sends between
/// members. Each type has a short manifest of its own (<see cref="Formats"/>), so a class can be renamed or moved
/// without touching the journal, and members of adjacent versions understand each other.
/// </summary>
public sealed class EasegressSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Stored in every journal row and sent with every message: never change it, never give it to another
    /// serializer.</summary>
    public const int Id = 4101;

    /// <summary>The serializer's name in the actor system's configuration.</summary>
    public const string Name = "easegress";

    public override int Identifier => Id;

    public override string Manifest(object o) => Formats.Of(o.GetType()).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var format = Formats.Of(obj.GetType());
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) format.Write(obj, output);
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        Formats.Named(manifest) is { } format
            ? format.Read(new CodedInputStream(bytes))
            : throw new SerializationException($"unknown manifest \"{manifest}\": written by a newer version of Easegress?");
}
