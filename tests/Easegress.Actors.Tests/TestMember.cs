using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using Akka.Util;

namespace Easegress.Actors.Tests;

/// <summary>Cluster members for feeding cluster events to an actor by hand. Akka.Cluster keeps its factory of members
/// internal (its own tests reach it the same way): this calls Member.Create(uniqueAddress, upNumber, status, roles,
/// appVersion) and fails loudly if a new Akka version changes it.</summary>
public static class TestMember
{
    private static readonly MethodInfo Factory = typeof(Member).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic,
            [typeof(UniqueAddress), typeof(int), typeof(MemberStatus), typeof(ImmutableHashSet<string>), typeof(AppVersion)])
        ?? throw new MissingMethodException(nameof(Member), "Create(UniqueAddress, int, MemberStatus, ImmutableHashSet<string>, AppVersion)");

    public static Member Create(Address address, MemberStatus status, int uid = 1, int upNumber = 1) =>
        (Member)Factory.Invoke(null, [new UniqueAddress(address, uid), upNumber, status, ImmutableHashSet.Create("primary"), AppVersion.Zero])!;

    /// <summary>The same member (address and uid) with another status.</summary>
    public static Member With(this Member member, MemberStatus status) =>
        Create(member.Address, status, member.UniqueAddress.Uid);
}
