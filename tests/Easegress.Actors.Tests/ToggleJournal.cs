using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Easegress.Actors.Tests;

/// <summary>
/// The in-memory journal with an off switch, for journal failures without a database: while it is off, every write,
/// replay and sequence-number read fails the way a journal whose database went away fails (a faulted call, so Akka
/// stops the persistent actor). Switched by telling the journal actor <see cref="JournalAvailability"/>; each actor
/// system has its own.
/// </summary>
public sealed class ToggleJournal : MemoryJournal
{
    private volatile bool _available = true;

    public static IActorRef Of(ActorSystem system) => Persistence.Instance.Apply(system).JournalFor(null);

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not JournalAvailability availability) return base.ReceivePluginInternal(message);
        _available = availability.Available;
        Sender.Tell(availability);
        return true;
    }

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        _available ? base.WriteMessagesAsync(messages, cancellationToken) : Task.FromException<IImmutableList<Exception?>>(Down());

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback) =>
        _available ? base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback) : Task.FromException(Down());

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _available ? base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken) : Task.FromException<long>(Down());

    private static Exception Down() => new InvalidOperationException("the test database is down");
}

/// <summary>Switches a <see cref="ToggleJournal"/> on or off; it answers with the same message once switched.</summary>
public sealed record JournalAvailability(bool Available);
