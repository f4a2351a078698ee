using Easegress.Protocols.Http;
using Easegress.Resilience;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Retryer;

/// <summary>
/// The v1 <c>Retryer</c>: for a request of one of its <c>urls</c> rules, runs the rest of the flow up to
/// <c>maxAttempts</c> times while the response it leaves has a failure status (the policy's
/// <c>failureStatusCodes</c>, or with <c>countingNetworkError</c> a network error's), waiting as the policy's backoff
/// says between attempts. The request body is read into memory once and replayed on every attempt; a body that
/// streams (<c>clientMaxBodySize: -1</c>) cannot be replayed, so such a request gets one attempt. While retries remain,
/// a Proxy after it keeps a response with a failure status in memory (up to its <c>serverMaxBodySize</c>) instead of
/// streaming it, so it can be discarded; other responses stream as usual. The result is that of the last attempt.
/// </summary>
public sealed class RetryerFilter : IWrappingFilter<RequestContext>
{
    private readonly PolicyUrl<(RetryBackoff Backoff, FailureStatus Failure)>[] _urls;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;

    public RetryerFilter(RetryerSpec spec, FilterEnvironment environment)
    {
        _time = environment.Time;
        _logger = environment.LoggerFactory.CreateLogger<RetryerFilter>();
        _name = spec.Name;
        _urls = spec.Rules((_, policy) => (new RetryBackoff(policy), new FailureStatus(policy.FailureStatusCodes, policy.CountingNetworkError)));
    }

    public async ValueTask<string> HandleAsync(RequestContext context, IFlowRest rest)
    {
        var url = PolicyUrl<(RetryBackoff Backoff, FailureStatus Failure)>.Find(_urls, context.Request);
        if (url is null || url.Guard.Backoff.MaxAttempts == 1) return await rest.RunAsync(context);
        var (backoff, failure) = url.Guard;
        var body = await ReplayableBody.ReadAsync(context);
        if (body is null) return await rest.RunAsync(context);
        var before = ResponseSnapshot.Take(context);
        for (var attempt = 1; ; attempt++)
        {
            body.Rewind(context);
            var last = attempt >= backoff.MaxAttempts;
            var result = await rest.RunAsync(context, keepResponse: last ? null : failure.IsFailure);
            if (last || !failure.IsFailure(context) || ResponseSnapshot.Sent(context) || context.Aborted.IsCancellationRequested)
                return result;
            var wait = backoff.WaitAfter(attempt);
            _logger.LogInformation("Retryer {Filter}: attempt {Attempt} of {MaxAttempts} on {Path} failed with status {Status}; retrying in {Wait} ms",
                _name, attempt, backoff.MaxAttempts, context.Request.Path.Value, FailureStatus.Of(context), (long)wait.TotalMilliseconds);
            try { await Task.Delay(wait, _time, context.Aborted); }
            catch (OperationCanceledException) { return result; }
            before.Restore(context);
        }
    }

    public object? Status() => new Dictionary<string, object?> { ["urls"] = _urls.Select(u => u.Describe()).ToList() };

    public void Dispose() { }
}
