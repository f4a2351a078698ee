using Easegress.Protocols.Http;
using Easegress.Resilience;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.TimeLimiter;

/// <summary>
/// The v1 <c>TimeLimiter</c>: the rest of the flow runs with a deadline, the timeout of the first <c>urls</c> rule the
/// request matches. At the deadline the request's cancellation fires, as if the client had gone: a Proxy's backend call
/// is cancelled. The response then gets status 408 (a response already streaming is cut short) and the result is
/// <c>timeout</c>, which ends the flow. Requests no rule matches run without a limit.
/// </summary>
public sealed class TimeLimiterFilter : IWrappingFilter<RequestContext>
{
    private readonly PolicyUrl<TimeSpan>[] _urls;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;

    public TimeLimiterFilter(TimeLimiterSpec spec, FilterEnvironment environment)
    {
        _time = environment.Time;
        _logger = environment.LoggerFactory.CreateLogger<TimeLimiterFilter>();
        _name = spec.Name;
        _urls = spec.Urls.Select(u => new PolicyUrl<TimeSpan>(u, "", u.TimeoutDuration ?? spec.DefaultTimeoutDuration)).ToArray();
    }

    public async ValueTask<string> HandleAsync(RequestContext context, IFlowRest rest)
    {
        var url = PolicyUrl<TimeSpan>.Find(_urls, context.Request);
        if (url is null) return await rest.RunAsync(context);
        var http = context.Http;
        var aborted = http.RequestAborted;
        using var deadline = new CancellationTokenSource(url.Guard, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(aborted, deadline.Token);
        http.RequestAborted = either.Token;
        string result;
        try { result = await rest.RunAsync(context); }
        finally { http.RequestAborted = aborted; }
        if (!deadline.IsCancellationRequested || aborted.IsCancellationRequested) return result;

        _logger.LogInformation("TimeLimiter {Filter}: {Method} {Path} timed out after {Timeout} ms", _name,
            context.Request.Method, context.Request.Path.Value, (long)url.Guard.TotalMilliseconds);
        if (ResponseSnapshot.Sent(context)) context.MarkResponseSent();
        else if (context.Response is { } response) response.StatusCode = StatusCodes.Status408RequestTimeout;
        else context.Respond(StatusCodes.Status408RequestTimeout);
        return TimeLimiterKind.Timeout;
    }

    public object? Status() => new Dictionary<string, object?>
    {
        ["urls"] = _urls.Select(u =>
        {
            var status = u.Describe();
            status.Remove("policy");
            status["timeout"] = $"{(long)u.Guard.TotalMilliseconds}ms";
            return status;
        }).ToList(),
    };

    public void Dispose() { }
}
