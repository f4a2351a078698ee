using Easegress.Protocols.Http;

namespace Easegress.Resilience;

/// <summary>The response as it was before a retried call (what earlier filters prepared), to start every attempt from.</summary>
internal readonly struct ResponseSnapshot
{
    private readonly PipelineResponse? _response;
    private readonly int _status;

    private ResponseSnapshot(PipelineResponse? response)
    {
        _response = response;
        _status = response?.StatusCode ?? 0;
    }

    public static ResponseSnapshot Take(RequestContext context) => new(context.Response);

    /// <summary>Drops what a failed attempt left and puts the earlier response back as it was.</summary>
    public void Restore(RequestContext context)
    {
        context.RestoreResponse(_response);
        if (_response is not null) _response.StatusCode = _status;
    }

    /// <summary>True when the attempt's response went out to the client already, so it cannot be taken back.</summary>
    public static bool Sent(RequestContext context) => context.ResponseSent || context.Http.Response.HasStarted;
}
