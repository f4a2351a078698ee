using System.Threading.Channels;

namespace Easegress.Node.Logging;

/// <summary>One line per event, <c>time LEVEL source message</c>, to standard output, to the log file and to whoever
/// follows the log through the admin API.</summary>
public sealed class LineLoggerProvider : ILoggerProvider
{
    private readonly TextWriter? _file;
    private readonly object _gate = new();
    private readonly List<ChannelWriter<string>> _followers = [];

    public LineLoggerProvider(string? logFile, LogLevelSwitch level)
    {
        Level = level;
        LogFile = logFile;
        if (logFile is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        _file = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public LogLevelSwitch Level { get; }
    public string? LogFile { get; }

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, ShortSource(categoryName));

    /// <summary>Every line written from now on also goes to <paramref name="follower"/> (until it is removed).</summary>
    public void Follow(ChannelWriter<string> follower)
    {
        lock (_gate) _followers.Add(follower);
    }

    public void Unfollow(ChannelWriter<string> follower)
    {
        lock (_gate) _followers.Remove(follower);
    }

    public void Dispose()
    {
        lock (_gate) _file?.Dispose();
    }

    internal void Write(string line)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(line);
            _file?.WriteLine(line);
            foreach (var follower in _followers) follower.TryWrite(line);
        }
    }

    /// <summary>The last part of a type name or an actor path: <c>Easegress.Node.Admin.AdminApi</c> → <c>AdminApi</c>.</summary>
    private static string ShortSource(string category)
    {
        var s = category;
        var cut0 = s.IndexOfAny(['[', '(']);
        if (cut0 > 0) s = s[..cut0].TrimEnd();
        var cut = s.LastIndexOfAny(['.', '/']);
        return cut >= 0 && cut < s.Length - 1 ? s[(cut + 1)..] : s;
    }

    private sealed class LineLogger(LineLoggerProvider provider, string source) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Level.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception).ReplaceLineEndings(" ");
            if (exception is not null && !message.Contains(exception.Message, StringComparison.Ordinal))
                message = $"{message} ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
            provider.Write($"{DateTimeOffset.Now:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level(logLevel)} {source} {message}");
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "TRACE",
            LogLevel.Debug => "DEBUG",
            LogLevel.Information => "INFO",
            LogLevel.Warning => "WARN",
            LogLevel.Error => "ERROR",
            _ => "FATAL",
        };
    }
}
