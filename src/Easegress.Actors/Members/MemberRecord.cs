namespace Easegress.Actors.Members;

/// <summary>What a member says about itself in the replicated member list, refreshed every heartbeat. Keep its namespace and
/// name: Akka.DistributedData names the value type of an LWWDictionary by CLR name in what members gossip (its fields are
/// Serialization/ReplicaFormats.cs).</summary>
/// <param name="Options">The member's options as JSON text (the <c>options</c> block of <c>/members</c>).</param>
/// <param name="Address">Its Akka address (<c>akka.tcp://cluster@host:port</c>).</param>
public sealed record MemberRecord(string Name, string Role, string Options, string Address, long Uid, DateTimeOffset StartTime, DateTimeOffset LastHeartbeat);
