using Akka.Persistence;

namespace Easegress.Actors.Leadership;

/// <summary>
/// Recovers an empty persistent actor once when a primary starts, then stops: the journal's connection pool and its
/// compiled queries are ready before they matter. Without it, the first recovery on a member (often the leader's, on
/// the member that takes over after a crash) pays for them, about half a second here.
/// </summary>
public sealed class JournalWarmup : ReceivePersistentActor
{
    public const string Id = "$eg-warmup";   // '$' cannot appear in an object name; nothing is ever written under it

    public JournalWarmup()
    {
        Recover<RecoveryCompleted>(_ => Context.Stop(Self));
        CommandAny(_ => { });
    }

    public override string PersistenceId => Id;
}
