using Easegress.Context;
using Microsoft.AspNetCore.Http;

namespace Easegress.Protocols.Http;

/// <summary>
/// An HTTP request travelling through a pipeline: the client's <see cref="HttpContext"/> (filters adapt the request in
/// place) and the response a filter decided on (<see cref="Response"/>), on top of the flow's own state.
/// </summary>
public sealed class RequestContext : FlowContext
{
    public const string ProtocolName = "HTTP";

    public RequestContext(HttpContext http, string pipelineName)
        : base(pipelineName, http.Features.Get<Tracing.RequestTrace>())
    {
        Http = http;
    }

    public override string Protocol => ProtocolName;

    public HttpContext Http { get; }
    public HttpRequest Request => Http.Request;
    public override CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The response so far (a filter's answer, or the backend's captured by a Proxy); written by the server
    /// after the pipeline. Null until a filter answers.</summary>
    public PipelineResponse? Response { get; private set; }

    /// <summary>True once a filter (Proxy) has streamed the response to the client itself.</summary>
    public bool ResponseSent { get; private set; }

    /// <summary>The status the client gets: the one sent already, else the response's so far, else the one the server
    /// would write.</summary>
    public int StatusCode => ResponseSent || Response is null ? Http.Response.StatusCode : Response.StatusCode;

    /// <summary>Answers with a new response, replacing any earlier one.</summary>
    public PipelineResponse Respond(int statusCode, string? body = null)
    {
        var response = new PipelineResponse(statusCode);
        response.SetBody(body);
        Respond(response);
        return response;
    }

    /// <summary>Makes <paramref name="response"/> the response, replacing any earlier one.</summary>
    public void Respond(PipelineResponse response)
    {
        if (!ReferenceEquals(Response, response)) Response?.SetBody(ReadOnlyMemory<byte>.Empty);   // releases a streamed body
        Response = response;
    }

    /// <summary>Puts back the response an earlier moment had (a retry starts over); a newer one is released.</summary>
    internal void RestoreResponse(PipelineResponse? earlier)
    {
        if (!ReferenceEquals(Response, earlier)) Response?.SetBody(ReadOnlyMemory<byte>.Empty);
        Response = earlier;
    }

    public void MarkResponseSent() => ResponseSent = true;
}
