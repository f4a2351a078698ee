using Akka.Actor;
using Akka.Event;

namespace Easegress.Actors.Objects;

/// <summary>
/// Answers a write that ended in this member's dead letters: it was never taken, so its sender is told at once (503)
/// instead of waiting for the admin API's timeout. That happens when an object entity stops while commands wait in its
/// mailbox (Akka stops a persistent actor whose journal fails; a command can even reach an entity that has just
/// stopped), and when a region or shard goes away under a command. One per primary, where the entities live.
/// </summary>
public sealed class UndeliveredCommands : ReceiveActor
{
    public UndeliveredCommands()
    {
        Receive<DeadLetter>(d =>
        {
            if (d.Message is IObjectCommand command and not RepublishObject && !d.Sender.IsNobody() && !d.Sender.Equals(Context.System.DeadLetters))
                d.Sender.Tell(WriteResult.Rejected(503,
                    $"the cluster cannot take writes now: the entity of {command.Name} stopped before it took the write (is the journal available?)"));
        });
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
