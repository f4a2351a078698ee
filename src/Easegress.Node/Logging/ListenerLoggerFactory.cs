using Microsoft.Extensions.Logging.Abstractions;

namespace Easegress.Node.Logging;

/// <summary>
/// The node's loggers for a traffic listener's Kestrel host, without ASP.NET Core's per-request hosting diagnostics.
/// While that category is enabled, the host opens a log scope and starts an <see cref="System.Diagnostics.Activity"/>
/// for every request (and the HTTP client then writes that activity's trace headers into every backend request),
/// only to log "Request starting/finished" lines the access log already covers. Kestrel's own events still log.
/// </summary>
public sealed class ListenerLoggerFactory(ILoggerFactory node) : ILoggerFactory
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == HostingDiagnostics ? NullLogger.Instance : node.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => node.AddProvider(provider);

    public void Dispose() { }   // the node's factory outlives every listener
}
