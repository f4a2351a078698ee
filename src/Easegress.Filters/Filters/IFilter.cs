using Easegress.Context;

namespace Easegress.Filters;

/// <summary>A filter instance of one pipeline version. Disposed when that version has drained.</summary>
public interface IFilter : IDisposable
{
    /// <summary>The filter's own status for <c>/status/objects</c>; null when it has none.</summary>
    object? Status() => null;
}

/// <summary>A cheap filter that never waits: no I/O, no locks (runs inside a synchronous graph stage). The pipeline
/// engine calls it through this interface, whatever the protocol; a filter implements <see cref="ISyncFilter{TContext}"/>.</summary>
public interface ISyncFilter : IFilter
{
    /// <returns>"" to go on, or a result name declared by the filter's kind.</returns>
    string Handle(FlowContext context);
}

/// <summary>A synchronous filter of one protocol's messages (<c>ISyncFilter&lt;RequestContext&gt;</c> for HTTP).</summary>
public interface ISyncFilter<in TContext> : ISyncFilter where TContext : FlowContext
{
    /// <returns>"" to go on, or a result name declared by the filter's kind.</returns>
    string Handle(TContext context);

    string ISyncFilter.Handle(FlowContext context) =>
        context is TContext own ? Handle(own) : throw ProtocolMismatchException.For(this, context, typeof(TContext));
}

/// <summary>A filter that waits (network, heavy CPU); runs in an asynchronous stage with bounded parallelism. The
/// engine calls it through this interface; a filter implements <see cref="IAsyncFilter{TContext}"/>.</summary>
public interface IAsyncFilter : IFilter
{
    /// <returns>"" to go on, or a result name declared by the filter's kind.</returns>
    ValueTask<string> HandleAsync(FlowContext context);
}

/// <summary>A waiting filter of one protocol's messages.</summary>
public interface IAsyncFilter<in TContext> : IAsyncFilter where TContext : FlowContext
{
    /// <returns>"" to go on, or a result name declared by the filter's kind.</returns>
    ValueTask<string> HandleAsync(TContext context);

    ValueTask<string> IAsyncFilter.HandleAsync(FlowContext context) =>
        context is TContext own ? HandleAsync(own) : throw ProtocolMismatchException.For(this, context, typeof(TContext));
}
