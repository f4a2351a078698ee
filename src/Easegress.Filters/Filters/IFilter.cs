using Easegress.Filters.Pipelines;

namespace Easegress.Filters.Filters;

/// <summary>A filter instance of one pipeline version. Disposed when that version has drained.</summary>
public interface IFilter : IDisposable
{
    /// <summary>The filter's own status for <c>/status/objects</c>; null when it has none.</summary>
    object? Status() => null;
}

/// <summary>A cheap filter that never waits: no I/O, no locks (runs inside a synchronous graph stage).</summary>
public interface ISyncFilter : IFilter
{
    /// <returns>"" to go on, or a result name declared by the filter's kind.</returns>
    string Handle(RequestContext context);
}

/// <summary>A filter that waits (network, heavy CPU); runs in an asynchronous stage with bounded parallelism.</summary>
public interface IAsyncFilter : IFilter
{
    /// <returns>"" to go on, or a result name declared by the filter's kind.</returns>
    ValueTask<string> HandleAsync(RequestContext context);
}
