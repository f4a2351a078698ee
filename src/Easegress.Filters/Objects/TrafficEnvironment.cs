using System.Collections.Concurrent;
using Akka.Streams;
using Easegress.Protocols.Http.AccessLogging;
using Easegress.Filters;
using Microsoft.Extensions.Logging;
using Easegress.Listeners;

namespace Easegress.Objects;

/// <summary>What traffic objects of one node share.</summary>
public sealed class TrafficEnvironment
{
    public required FilterEnvironment Filters { get; init; }
    public required IMaterializer Materializer { get; init; }
    public required IListenerHost Listeners { get; init; }
    private readonly ConcurrentDictionary<Type, object> _directories = new();

    /// <summary>The running objects of one runtime type on this node (pipelines, global filters), where other objects
    /// find them by name. Look it up once and keep it: each type has one directory.</summary>
    public RuntimeDirectory<T> Directory<T>() where T : class =>
        (RuntimeDirectory<T>)_directories.GetOrAdd(typeof(T), static _ => new RuntimeDirectory<T>());

    public ILoggerFactory LoggerFactory => Filters.LoggerFactory;

    /// <summary>Where servers log each request; null when the node runs with <c>disable-access-log</c>.</summary>
    public AccessLog? AccessLog { get; init; }

    /// <summary>How long an old pipeline version or listener may take to finish its requests after an update.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
