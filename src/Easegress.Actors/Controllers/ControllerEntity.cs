using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Easegress.Actors.Objects;
using Easegress.Actors.Replica;
using Easegress.Objects;

namespace Easegress.Actors.Controllers;

/// <summary>
/// The one running copy of a business controller (entity id = the object's name), in the controllers' shard region,
/// which remembers its entities: when the member hosting it dies or leaves, the shard moves and the entity starts
/// again on another primary.
/// <list type="bullet">
/// <item>The object's owner (<see cref="ObjectEntity"/>) sends <see cref="RunController"/> for each version it journals
/// or republishes and <see cref="StopController"/> when the object is deleted; a version older than the one it runs
/// is ignored. A new version updates the running controller in place; a controller that refuses it is started again
/// from it.</item>
/// <item>Started without a message (remembered entities, after a move or a restart), the entity starts from this
/// member's replica of the catalog if it has the object, and asks the owner (<see cref="RepublishObject"/>, again
/// every 2 s until it answers): the owner sends the current version, or answers 404 and the entity stops for good.
/// Without the object in the replica it waits for the owner rather than start with nothing.</item>
/// <item>A controller that throws at start is tried again after <see cref="ControllerBackoff"/>, its failure shown in its
/// status meanwhile.</item>
/// <item>The controller is stopped before the entity ends: awaited on delete and on hand-over (a member leaving, a
/// rebalance), so the next copy starts only after it; when the entity stops otherwise, the next entity of that name on
/// this member waits for the stop (<see cref="HostedControllers"/>).</item>
/// </list>
/// </summary>
public sealed class ControllerEntity : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan OwnerRetry = TimeSpan.FromSeconds(2);
    private const string RetryTimer = "retry";
    private const string OwnerTimer = "owner";

    private readonly string _name;
    private readonly IActorRef _owners;
    private readonly ObjectKindRegistry _kinds;
    private readonly LocalReplica _replica;
    private readonly ControllerRun _run;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private RunController? _wanted;   // the version this entity runs or tries to run
    private bool _confirmed;          // the owner has spoken since this entity started

    public ControllerEntity(string name, IActorRef owners, ObjectKindRegistry kinds, LocalReplica replica, HostedControllers hosted,
        ControllerEnvironment environment, ControllerBackoff backoff)
    {
        _name = name;
        _owners = owners;
        _kinds = kinds;
        _replica = replica;
        _run = new ControllerRun(name, kinds, hosted, environment, backoff, _log);

        ReceiveAsync<RunController>(RunAsync);
        ReceiveAsync<StopController>(StopAsync);
        ReceiveAsync<WriteResult>(OwnerAnsweredAsync);
        ReceiveAsync<HandOffController>(HandOffAsync);
        ReceiveAsync<Resolve>(_ => ResolveAsync());
        ReceiveAsync<Retry>(_ => !_run.Running && _wanted is not null ? ApplyAsync() : Task.CompletedTask);
        Receive<AskOwner>(_ =>
        {
            if (_confirmed) return;
            _log.Debug("controller {0}: its owner has not answered yet; asking again", _name);
            AskOwnerNow();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A message may have started this entity; it is in the mailbox before <see cref="Resolve"/> or soon after.</summary>
    protected override void PreStart() => Self.Tell(Resolve.Instance);

    protected override void PostStop() => _run.Abandon();

    private async Task ResolveAsync()
    {
        if (_wanted is not null) return;   // a message from the owner came first
        if (_replica.Objects.TryGetValue(_name, out var entry) && RunsHere(entry.Kind))
        {
            _log.Info("controller {0} starts from this member's catalog at version {1}; its owner is asked to confirm", _name, entry.Version);
            _wanted = new RunController(entry.Name, entry.Kind, entry.Version, entry.Document);
            await ApplyAsync();
        }
        if (!_confirmed) AskOwnerNow();
    }

    private void AskOwnerNow()
    {
        _owners.Tell(new RepublishObject(_name));
        Timers.StartSingleTimer(OwnerTimer, AskOwner.Instance, OwnerRetry);
    }

    private async Task RunAsync(RunController command)
    {
        Confirmed();
        if (_wanted is { } wanted && command.Version <= wanted.Version) return;
        _wanted = command;
        _run.NewVersion();
        Timers.Cancel(RetryTimer);
        await ApplyAsync();
    }

    private async Task StopAsync(StopController command)
    {
        Confirmed();
        if (_wanted is { } wanted && command.Version < wanted.Version) return;   // an older delete, overtaken by a re-creation
        _log.Info("controller {0} stops: its object was deleted at version {1}", _name, command.Version);
        await StopForGoodAsync();
    }

    /// <summary>The owner's answer to <see cref="RepublishObject"/>: 404 (or another kind under the name) means the
    /// object is gone; a success comes with a <see cref="RunController"/> of the current version.</summary>
    private async Task OwnerAnsweredAsync(WriteResult answer)
    {
        if (_confirmed) return;   // the owner has already spoken
        if (answer.Status == 404 || answer.Succeeded && !RunsHere(answer.Kind))
        {
            _log.Info("controller {0} stops: its object no longer exists", _name);
            await StopForGoodAsync();
        }
        else if (answer.Succeeded && _wanted is not null)
            Confirmed();
        else if (!answer.Succeeded)
            _log.Debug("controller {0}: its owner cannot answer now ({1}); asking again", _name, answer.Message);
    }

    private async Task HandOffAsync(HandOffController _)
    {
        Timers.CancelAll();
        await _run.StopAsync("its shard is handed over (this member leaves, or the shards are rebalanced)");
        Context.Stop(Self);
    }

    private void Confirmed()
    {
        _confirmed = true;
        Timers.Cancel(OwnerTimer);
    }

    private async Task ApplyAsync()
    {
        if (await _run.ApplyAsync(_wanted!) is { } wait) Timers.StartSingleTimer(RetryTimer, Retry.Instance, wait);
    }

    /// <summary>Stops the controller, then the entity through its shard, which forgets it (it is not started again
    /// elsewhere). Commands that reach it meanwhile go back to the shard, which keeps them for a new entity.</summary>
    private async Task StopForGoodAsync()
    {
        Timers.CancelAll();
        await _run.StopAsync("its object is gone");
        _wanted = null;
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        Become(() =>
        {
            Receive<IControllerCommand>(command => Context.Parent.Forward(command));
            ReceiveAny(_ => { });
        });
    }

    private bool RunsHere(string? kind) => kind is not null && _kinds.TryGet(kind, out var k) && ControllerKind.OncePerCluster(k);

    private sealed class Resolve
    {
        public static readonly Resolve Instance = new();
    }

    private sealed class Retry
    {
        public static readonly Retry Instance = new();
    }

    private sealed class AskOwner
    {
        public static readonly AskOwner Instance = new();
    }
}
