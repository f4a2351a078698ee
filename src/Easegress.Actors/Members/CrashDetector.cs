using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote;

namespace Easegress.Actors.Members;

/// <summary>
/// Downs members whose process is gone, without waiting for the failure detector and the split-brain resolver.
/// When the link to a member drops (or the failure detector calls it unreachable), the detector waits
/// <see cref="Settle"/> for other losses to show, then tries to connect to the peer port of every member it has
/// lost. A refused connection means no process listens there any more: the member crashed. Only when every lost
/// member refuses, and the members left are a strict majority of the cluster, are the lost ones downed — the same
/// decision keep-majority would take, seconds sooner. Anything less certain (a probe that times out, as in a
/// partition that drops packets; a member that answers) is left to the split-brain resolver.
/// Off with <c>easegress.cluster.down-crashed-members = off</c> (for networks whose firewalls reject rather than drop).
/// </summary>
public sealed class CrashDetector : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    private sealed record Decide { public static readonly Decide Instance = new(); }
    private sealed record Probed(IReadOnlyList<Member> Lost, bool AllRefused);

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Address> _suspects = [];
    private bool _probing;

    public CrashDetector()
    {
        Receive<DisassociatedEvent>(e => Suspect(e.RemoteAddress));
        Receive<ClusterEvent.UnreachableMember>(e => Suspect(e.Member.Address));
        Receive<Decide>(_ => Probe());
        Receive<Probed>(Down);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _cluster.Unsubscribe(Self);
    }

    private void Suspect(Address address)
    {
        if (address == _cluster.SelfAddress) return;
        _suspects.Add(address);
        if (!_probing && !Timers.IsTimerActive("decide")) Timers.StartSingleTimer("decide", Decide.Instance, Settle);
    }

    private void Probe()
    {
        var state = _cluster.State;
        var lost = Lost(state.Members, state.Unreachable, _suspects, _cluster.SelfAddress);
        _suspects.Clear();
        if (lost.Count == 0) return;
        _probing = true;
        Task.WhenAll(lost.Select(m => RefusesAsync(m.Address)))
            .ContinueWith(t => new Probed(lost, t.IsCompletedSuccessfully && t.Result.All(refused => refused)), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void Down(Probed probed)
    {
        _probing = false;
        if (_suspects.Count > 0) Timers.StartSingleTimer("decide", Decide.Instance, Settle);
        var state = _cluster.State;
        var members = state.Members.Count(m => m.Status is not MemberStatus.Down and not MemberStatus.Removed);
        // still lost: a member that left or was downed meanwhile is no longer this detector's business
        var lost = probed.Lost.Where(m => state.Members.Any(c => c.UniqueAddress == m.UniqueAddress && Downable(c.Status))).ToList();
        switch (Judge(members, lost.Count, probed.AllRefused))
        {
            case Verdict.None:
                return;
            case Verdict.LeaveToResolver:
                _log.Warning("lost {0} of {1} members whose peer ports refuse connections; not a majority left, so the split-brain resolver decides",
                    lost.Count, members);
                return;
        }
        foreach (var member in lost)
        {
            _log.Warning("member {0} crashed (its peer port refuses connections): downing it", member.Address);
            _cluster.Down(member.Address);
            // a quarantined incarnation counts as unreachable at once, so the leader can remove it now rather than
            // after the failure detector has given up on it (which it would have to before removing it)
            ((IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Quarantine(member.Address, member.UniqueAddress.Uid);
        }
    }

    public enum Verdict
    {
        /// <summary>Nothing proves a crash (a probe was not refused) or nothing is lost: the failure detector and the
        /// split-brain resolver decide, as without this detector.</summary>
        None,
        /// <summary>Every lost member refused and the members left are a strict majority: down the lost ones.</summary>
        Down,
        /// <summary>Every lost member refused, but the members left are not a majority: keep-majority's call.</summary>
        LeaveToResolver,
    }

    /// <summary>The rule, on <paramref name="members"/> not down or removed, <paramref name="lost"/> of them lost (link
    /// dropped or unreachable) and whether every lost one's peer port refused a connection.</summary>
    internal static Verdict Judge(int members, int lost, bool allRefused) =>
        !allRefused || lost == 0 ? Verdict.None
        : (members - lost) * 2 > members ? Verdict.Down
        : Verdict.LeaveToResolver;

    /// <summary>The members to probe: every other member that could still be downed whose link dropped
    /// (<paramref name="suspects"/>) or that the failure detector calls unreachable.</summary>
    internal static List<Member> Lost(IEnumerable<Member> members, IEnumerable<Member> unreachable, IReadOnlySet<Address> suspects, Address self)
    {
        var unreachableSet = unreachable.ToHashSet();
        return members.Where(m => m.Address != self && Downable(m.Status) && (suspects.Contains(m.Address) || unreachableSet.Contains(m))).ToList();
    }

    private static bool Downable(MemberStatus status) =>
        status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining;

    /// <summary>True when the member's host answers that nothing listens on its peer port; false when it accepts,
    /// stays silent or cannot be reached, none of which proves the process gone.</summary>
    internal static async Task<bool> RefusesAsync(Address address)
    {
        if (address.Host is not { } host || address.Port is not { } port) return false;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
