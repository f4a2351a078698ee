using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;

namespace Easegress.Actors.Members;

/// <summary>Writes this member's record into the replicated member list now and every <see cref="Interval"/>.</summary>
public sealed class MemberHeartbeat : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private sealed record Beat { public static readonly Beat Instance = new(); }

    private readonly MemberRecord _self;

    public MemberHeartbeat(string name, string role, string options)
    {
        var cluster = Cluster.Get(Context.System);
        _self = new MemberRecord(name, role, options, cluster.SelfAddress.ToString(), cluster.SelfUniqueAddress.Uid,
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        Receive<Beat>(_ => Write(cluster));
        Receive<IUpdateResponse>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var self = Self;
        var system = Context.System;
        var cluster = Cluster.Get(system);
        cluster.RegisterOnMemberUp(() => self.Tell(Beat.Instance));
        cluster.RegisterOnMemberRemoved(() =>
        {
            if (CoordinatedShutdown.Get(system).ShutdownReason is null)
                system.Log.Error("this member was removed from the cluster (downed by the split-brain resolver or an operator): " +
                                 "it keeps serving traffic with its last configuration and refuses writes; restart it to rejoin");
        });
        Timers.StartPeriodicTimer("beat", Beat.Instance, Interval);
    }

    private void Write(Cluster cluster)
    {
        var record = _self with { LastHeartbeat = DateTimeOffset.UtcNow };
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Update(MemberKeys.Members, LWWDictionary<string, MemberRecord>.Empty,
            WriteLocal.Instance, d => d.SetItem(cluster.SelfUniqueAddress, record.Name, record)));
    }
}
