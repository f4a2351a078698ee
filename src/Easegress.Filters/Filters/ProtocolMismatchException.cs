using Easegress.Context;

namespace Easegress.Filters;

/// <summary>A filter was given a message of a protocol it does not handle (an HTTP filter in a pipeline an MQTT proxy
/// sends packets to); the flow ends with <c>internalError</c> and this message.</summary>
public sealed class ProtocolMismatchException(string message) : InvalidOperationException(message)
{
    public static ProtocolMismatchException For(IFilter filter, FlowContext context, Type handles) =>
        new($"filter {filter.GetType().Name} handles {handles.Name} messages, not {context.Protocol} ones (pipeline {context.PipelineName})");
}
