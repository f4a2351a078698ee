namespace Easegress.Node.Logging;

/// <summary>The node's log level, changeable at run time (<c>egctl logs set-level debug|info</c>).</summary>
public sealed class LogLevelSwitch(LogLevel initial)
{
    private volatile int _minimum = (int)initial;

    public LogLevel Minimum => (LogLevel)_minimum;

    public event Action<LogLevel>? Changed;

    public void Set(LogLevel level)
    {
        _minimum = (int)level;
        Changed?.Invoke(level);
    }

    /// <summary>The names the admin API uses: debug and info.</summary>
    public static bool TryParse(string text, out LogLevel level)
    {
        level = text.ToLowerInvariant() switch { "debug" => LogLevel.Debug, "info" => LogLevel.Information, _ => LogLevel.None };
        return level != LogLevel.None;
    }

    public static string Name(LogLevel level) => level <= LogLevel.Debug ? "debug" : "info";
}
