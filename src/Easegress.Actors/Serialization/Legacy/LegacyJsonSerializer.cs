using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Easegress.Actors.Serialization.Legacy;

/// <summary>
/// Akka's default JSON serializer (id 1), which wrote every journal row and snapshot before Easegress had formats of
/// its own, with one change: the rows of Easegress's own types are read by <see cref="LegacyRows"/>, from their frozen
/// type and field names, so today's classes may be renamed or moved. Everything else is Akka's JSON as before.
/// </summary>
public sealed class LegacyJsonSerializer : NewtonSoftJsonSerializer
{
    /// <summary>The HOCON that puts this serializer in the place of Akka's JSON serializer (appended: a node's own
    /// setting wins).</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(
        $"akka.actor.serializers.json = \"{typeof(LegacyJsonSerializer).AssemblyQualifiedName}\"");

    public LegacyJsonSerializer(ExtendedActorSystem system) : base(system) { }
    public LegacyJsonSerializer(ExtendedActorSystem system, Config config) : base(system, config) { }

    /// <summary>The id the rows name; it is Akka's JSON serializer's.</summary>
    public override int Identifier => 1;

    public override object FromBinary(byte[] bytes, Type type) => LegacyRows.Read(bytes) ?? base.FromBinary(bytes, type);
}
