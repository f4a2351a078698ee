using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Easegress.Node.Logging;

/// <summary>Akka's logger: hands every Akka log event to the node's loggers as one plain line, with the actor
/// (or class) that logged it as the source.</summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>Set by the node before the actor system starts (Akka creates loggers by type, outside DI).</summary>
    public static ILoggerFactory? LoggerFactory { get; set; }

    private static readonly System.Diagnostics.Stopwatch Started = System.Diagnostics.Stopwatch.StartNew();

    public AkkaLogBridge()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Write);
    }

    private static void Write(LogEvent e)
    {
        var factory = LoggerFactory;
        if (factory is null) return;
        var logger = factory.CreateLogger(e.LogSource);
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
