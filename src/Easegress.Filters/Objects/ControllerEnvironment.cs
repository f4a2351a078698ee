using Microsoft.Extensions.Logging;

namespace Easegress.Objects;

/// <summary>What a controller may use of the member that runs it. Deliberately small: a controller gets a new
/// capability (reading or writing other objects, say) when a kind needs it.</summary>
public sealed class ControllerEnvironment
{
    public required ILoggerFactory LoggerFactory { get; init; }
}
