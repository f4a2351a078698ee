using Easegress.Actors.Members;

namespace Easegress.Actors.Replica;

/// <summary>A member as <c>/members</c> reports it: its own record plus what the cluster says of it now.</summary>
/// <param name="State">Leader or Follower for primaries (null for secondaries).</param>
/// <param name="Status">The Akka member status (Up, Leaving, Removed, ...) or Unreachable.</param>
public sealed record MemberView(MemberRecord Record, string? State, string Status);
