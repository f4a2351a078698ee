using Easegress.Protocols.Http;
using Easegress.Resilience;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.CircuitBreaker;

/// <summary>
/// The v1 <c>CircuitBreaker</c>: the rest of the flow runs behind the breaker of the first <c>urls</c> rule the request
/// matches (requests no rule matches run it unguarded). A call fails when the response it leaves has one of the
/// policy's <c>failureStatusCodes</c> (or, with <c>countingNetworkError</c>, a network error's status). An open breaker
/// answers 503 with <c>X-EG-Circuit-Breaker</c> at once, and the result is <c>shortCircuited</c>; nothing after the
/// filter runs, unless <c>jumpIf</c> sends the request there.
/// </summary>
public sealed class CircuitBreakerFilter : IWrappingFilter<RequestContext>
{
    /// <summary>Easegress's header on a short-circuited request (its value keeps Easegress's spelling).</summary>
    public const string Header = "X-EG-Circuit-Breaker";
    public const string HeaderValue = "circurit-is-broken";

    private readonly PolicyUrl<(Breaker Breaker, FailureStatus Failure)>[] _urls;
    private readonly TimeProvider _time;

    public CircuitBreakerFilter(CircuitBreakerSpec spec, FilterEnvironment environment)
    {
        _time = environment.Time;
        var logger = environment.LoggerFactory.CreateLogger<CircuitBreakerFilter>();
        _urls = spec.Rules((url, policy) => (new Breaker(policy, _time, (from, to) => logger.LogInformation(
                "CircuitBreaker {Filter}: the breaker of URL rule {Url} went from {From} to {To}", spec.Name,
                url.Url.Exact ?? url.Url.Prefix ?? url.Url.Regex, Breaker.Name(from), Breaker.Name(to))),
            new FailureStatus(policy.FailureStatusCodes, policy.CountingNetworkError)));
    }

    public async ValueTask<string> HandleAsync(RequestContext context, IFlowRest rest)
    {
        var url = PolicyUrl<(Breaker Breaker, FailureStatus Failure)>.Find(_urls, context.Request);
        if (url is null) return await rest.RunAsync(context);
        var (breaker, failure) = url.Guard;
        var permit = breaker.TryAcquire();
        if (!permit.Permitted)
        {
            var response = context.Response ?? context.Respond(StatusCodes.Status503ServiceUnavailable);
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers[Header] = HeaderValue;
            return CircuitBreakerKind.ShortCircuited;
        }
        var started = _time.GetTimestamp();
        var result = await rest.RunAsync(context);
        breaker.Record(permit, context.Error is not null || failure.IsFailure(context), _time.GetElapsedTime(started));
        return result;
    }

    public object? Status() => new Dictionary<string, object?>
    {
        ["urls"] = _urls.Select(u =>
        {
            var status = u.Describe();
            foreach (var (key, value) in u.Guard.Breaker.Status()) status[key] = value;
            return status;
        }).ToList(),
    };

    public void Dispose() { }
}
