using Easegress.Protocols.Http;
using Easegress.Resilience;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Proxy;

/// <summary>
/// A pool's resilience policies (v2 <c>circuitBreakerPolicy</c>, <c>retryPolicy</c>) around its forwards, as Easegress
/// nests them: the circuit breaker outside, the retries inside it, the pool's <c>timeout</c> on each attempt. A call
/// fails when its result is not empty (a failure code, a network error, a timeout...). An open breaker answers at once
/// without touching a server. Retries replay the request body, which is read into memory first; a body that streams
/// (<c>clientMaxBodySize: -1</c>) gets one attempt, as in Easegress.
/// </summary>
internal sealed class PoolResilience
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Func<int, bool> _isFailure;

    /// <param name="isFailure">The pool's failure codes: what a retry keeps in memory rather than streams.</param>
    public PoolResilience(CircuitBreakerPolicySpec? breaker, RetryPolicySpec? retry, Func<int, bool> isFailure, TimeProvider time,
        ILogger logger, string name)
    {
        _isFailure = isFailure;
        _time = time;
        _logger = logger;
        _name = name;
        if (breaker is not null)
            Breaker = new Breaker(breaker, time, (from, to) => logger.LogInformation(
                "Proxy {Filter}: circuit breaker {Policy} went from {From} to {To}", name, breaker.Name,
                Breaker.Name(from), Breaker.Name(to)));
        if (retry is { MaxAttempts: > 1 }) Retry = new RetryBackoff(retry);
    }

    public Breaker? Breaker { get; }
    public RetryBackoff? Retry { get; }

    /// <param name="forward">One attempt.</param>
    /// <param name="shortCircuit">Answers for an open breaker and returns the result.</param>
    public async ValueTask<string> RunAsync(RequestContext context, Func<ValueTask<string>> forward, Func<string> shortCircuit)
    {
        if (Breaker is null) return await RetryAsync(context, forward);
        var permit = Breaker.TryAcquire();
        if (!permit.Permitted) return shortCircuit();
        var started = _time.GetTimestamp();
        var result = ProxyKind.InternalError;   // unless the attempts return
        try
        {
            result = await RetryAsync(context, forward);
            return result;
        }
        finally
        {
            Breaker.Record(permit, result.Length > 0, _time.GetElapsedTime(started));
        }
    }

    private async ValueTask<string> RetryAsync(RequestContext context, Func<ValueTask<string>> forward)
    {
        if (Retry is null) return await forward();
        var body = await ReplayableBody.ReadAsync(context);
        if (body is null) return await forward();
        var before = ResponseSnapshot.Take(context);
        for (var attempt = 1; ; attempt++)
        {
            body.Rewind(context);
            var last = attempt >= Retry.MaxAttempts;
            var kept = context.KeepResponse;
            if (!last) context.KeepResponse = _isFailure;   // a failure answer may still be discarded
            string result;
            try { result = await forward(); }
            finally { context.KeepResponse = kept; }
            if (result.Length == 0 || last || result == ProxyKind.ClientError || ResponseSnapshot.Sent(context)) return result;
            var wait = Retry.WaitAfter(attempt);
            _logger.LogInformation("Proxy {Filter}: attempt {Attempt} of {MaxAttempts} failed ({Result}); retrying in {Wait} ms",
                _name, attempt, Retry.MaxAttempts, result, (long)wait.TotalMilliseconds);
            try { await Task.Delay(wait, _time, context.Aborted); }
            catch (OperationCanceledException) { return result; }
            before.Restore(context);
        }
    }
}
