namespace Easegress.Actors.Objects;

/// <summary>What a journal failure says, for a log line or a refused write.</summary>
public static class JournalFailure
{
    /// <summary>The first cause of an aggregate (the SQL journal wraps what the database driver threw), else the
    /// exception's own message.</summary>
    public static string Describe(Exception failure) =>
        (failure is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.Flatten().InnerExceptions[0] : failure).Message;
}
