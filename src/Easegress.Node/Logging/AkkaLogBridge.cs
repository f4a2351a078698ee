using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Easegress.Node.Logging;

/// <summary>Akka's logger: hands every Akka log event to the node's loggers as one plain line, with the actor
/// (or class) that logged it as the source.</summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static readonly System.Diagnostics.Stopwatch Started = System.Diagnostics.Stopwatch.StartNew();

    private readonly ILoggerFactory? _factory;

    public AkkaLogBridge()
    {
        // Akka creates loggers by type, outside DI: the node hands its factory over in the actor system's setup, so
        // that nodes sharing a process (tests) each log to their own.
        _factory = Context.System.Settings.Setup.Get<Factory>().Select(f => f.Loggers).GetOrElse(null!);
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    /// <summary>The node's loggers, for the actor system's setup.</summary>
    public sealed class Factory(ILoggerFactory loggers) : Akka.Actor.Setup.Setup
    {
        public ILoggerFactory Loggers { get; } = loggers;
    }

    private void Write(LogEvent e)
    {
        if (_factory is null) return;
        var logger = _factory.CreateLogger(e.LogSource);
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => Microsoft.Extensions.Logging.LogLevel.Debug,
            Akka.Event.LogLevel.InfoLevel => Microsoft.Extensions.Logging.LogLevel.Information,
            Akka.Event.LogLevel.WarningLevel => Microsoft.Extensions.Logging.LogLevel.Warning,
            _ => Microsoft.Extensions.Logging.LogLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
        var text = e.Message?.ToString() ?? "";
        // Akka.NET's singleton proxy logs this right at start-up although it finds the singleton a few ms later:
        // a false alarm for operators, so within the first 30 s (when it cannot be true) it is kept to debug level.
        if (level == Microsoft.Extensions.Logging.LogLevel.Warning && Started.Elapsed < TimeSpan.FromSeconds(30) && text.StartsWith("ClusterSingletonProxy failed to find an associated singleton", StringComparison.Ordinal))
        {
            level = Microsoft.Extensions.Logging.LogLevel.Debug;
            if (!logger.IsEnabled(level)) return;
        }
        if (e is Error { Cause: { } cause } && !text.Contains(cause.Message, StringComparison.Ordinal)) text = $"{text} ({cause.GetType().Name}: {cause.Message})";
#pragma warning disable CA2254 // the text is Akka's own, already formatted
        logger.Log(level, text);
#pragma warning restore CA2254
    }
}
