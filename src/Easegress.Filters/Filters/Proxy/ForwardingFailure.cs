using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Proxy;

/// <summary>How a failed forward is reported, the way Easegress reports it: a status for the client and a result.</summary>
internal readonly record struct ForwardingFailure(int StatusCode, string Result)
{
    public const int ClientClosedRequest = 499;

    public static readonly ForwardingFailure NoServer = new(StatusCodes.Status503ServiceUnavailable, ProxyKind.InternalError);
    public static readonly ForwardingFailure RequestBuild = new(StatusCodes.Status500InternalServerError, ProxyKind.InternalError);
    public static readonly ForwardingFailure ClientGone = new(ClientClosedRequest, ProxyKind.ClientError);
    public static readonly ForwardingFailure Backend = new(StatusCodes.Status503ServiceUnavailable, ProxyKind.ServerError);
    public static readonly ForwardingFailure TimedOut = new(StatusCodes.Status408RequestTimeout, ProxyKind.Timeout);
    /// <summary>The pool's circuit breaker is open.</summary>
    public static readonly ForwardingFailure ShortCircuited = new(StatusCodes.Status503ServiceUnavailable, ProxyKind.ShortCircuited);
    /// <summary>The response body is longer than <c>serverMaxBodySize</c> (Easegress answers 500 too).</summary>
    public static readonly ForwardingFailure ResponseTooLarge = new(StatusCodes.Status500InternalServerError, ProxyKind.InternalError);

    /// <param name="error">What YARP reported.</param>
    /// <param name="exception">The exception behind it, if any.</param>
    /// <param name="clientAborted">The client's connection went away.</param>
    /// <param name="poolTimedOut">The pool's <c>timeout</c> elapsed.</param>
    public static ForwardingFailure Of(ForwarderError error, Exception? exception, bool clientAborted, bool poolTimedOut)
    {
        if (poolTimedOut) return TimedOut;
        if (clientAborted) return ClientGone;
        return error switch
        {
            ForwarderError.RequestCreation => RequestBuild,
            // The client's body could not be read: too large (413) or malformed (400), or the client left mid-body.
            // Kestrel's own answer is in the exception (413 too large, 408 too slow), which YARP may wrap with the
            // send's failure in an AggregateException.
            ForwarderError.RequestBodyClient => new ForwardingFailure(BadRequestOf(exception)?.StatusCode ?? StatusCodes.Status400BadRequest,
                ProxyKind.ClientError),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
                or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient
                or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient
                or ForwarderError.UpgradeResponseCanceled or ForwarderError.UpgradeResponseClient => ClientGone,
            ForwarderError.NoAvailableDestinations => NoServer,
            // Connect, send, receive, response headers, response body, upgraded streams, idle timeouts: the backend's side.
            _ => Backend,
        };
    }

    private static BadHttpRequestException? BadRequestOf(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => bad,
        AggregateException all => all.InnerExceptions.Select(BadRequestOf).FirstOrDefault(b => b is not null),
        _ => BadRequestOf(exception.InnerException),
    };
}
