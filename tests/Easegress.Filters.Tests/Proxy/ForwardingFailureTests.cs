using Easegress.Filters.Proxy;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>Easegress's table of Proxy failures: what each way a forward fails gives the client and the flow. The end-to-end tests
/// (ProxyForwardingTests, HealthCheckTests, ResponseHandoverTests) reach the same rows through real sockets.</summary>
public sealed class ForwardingFailureTests
{
    public static TheoryData<ForwarderError, string?, bool, bool, int, string> Rows() => new()
    {
        // error, exception, client aborted, pool timeout elapsed → status, result
        { ForwarderError.NoAvailableDestinations, null, false, false, 503, ProxyKind.InternalError },
        { ForwarderError.RequestCreation, null, false, false, 500, ProxyKind.InternalError },
        { ForwarderError.Request, "connect", false, false, 503, ProxyKind.ServerError },
        { ForwarderError.RequestTimedOut, null, false, false, 503, ProxyKind.ServerError },
        { ForwarderError.ResponseHeaders, null, false, false, 503, ProxyKind.ServerError },
        { ForwarderError.ResponseBodyDestination, null, false, false, 503, ProxyKind.ServerError },
        { ForwarderError.RequestBodyDestination, null, false, false, 503, ProxyKind.ServerError },
        { ForwarderError.Request, null, false, true, 408, ProxyKind.Timeout },
        { ForwarderError.RequestCanceled, null, true, true, 408, ProxyKind.Timeout },   // the pool's timeout wins
        { ForwarderError.Request, null, true, false, 499, ProxyKind.ClientError },
        { ForwarderError.RequestCanceled, null, false, false, 499, ProxyKind.ClientError },
        { ForwarderError.ResponseBodyClient, null, false, false, 499, ProxyKind.ClientError },
        { ForwarderError.RequestBodyClient, "413", false, false, 413, ProxyKind.ClientError },   // past clientMaxBodySize
        { ForwarderError.RequestBodyClient, "400", false, false, 400, ProxyKind.ClientError },   // malformed body
        { ForwarderError.RequestBodyClient, "io", false, false, 400, ProxyKind.ClientError },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_failure_gives_Easegresss_status_and_result(ForwarderError error, string? exception, bool clientAborted,
        bool poolTimedOut, int status, string result)
    {
        Exception? thrown = exception switch
        {
            "413" => new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge),
            "400" => new BadHttpRequestException("bad chunk", StatusCodes.Status400BadRequest),
            "io" => new IOException("reset"),
            "connect" => new HttpRequestException("refused"),
            _ => null,
        };

        var failure = ForwardingFailure.Of(error, thrown, clientAborted, poolTimedOut);

        Assert.Equal((status, result), (failure.StatusCode, failure.Result));
    }

    [Fact]
    public void The_other_fixed_failures_match_the_table()
    {
        Assert.Equal((503, ProxyKind.InternalError), (ForwardingFailure.NoServer.StatusCode, ForwardingFailure.NoServer.Result));
        Assert.Equal((500, ProxyKind.InternalError), (ForwardingFailure.ResponseTooLarge.StatusCode, ForwardingFailure.ResponseTooLarge.Result));
        Assert.Equal(499, ForwardingFailure.ClientClosedRequest);
    }
}
