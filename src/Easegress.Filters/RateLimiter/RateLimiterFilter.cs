using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.RateLimiter;

/// <summary>
/// Limits the requests of the first <c>urls</c> rule that matches (each rule has its own limiter); other requests pass.
/// A request with a free permit goes on at once (the call completes synchronously); one with a permit reserved in a
/// coming period waits for it on a timer, no thread held; one without is answered 429 and returns <c>rateLimited</c>,
/// so nothing after the filter (the backend) sees it. As in Easegress, a request whose client goes away while it waits
/// goes on (its permit is spent), and limits start afresh with each pipeline version. Limits are per node, unless
/// <c>scope: cluster</c> shares each one out among the live members (re-shared whenever they change).
/// </summary>
public sealed class RateLimiterFilter : IAsyncFilter
{
    /// <summary>Easegress's header on a refused request.</summary>
    public const string Header = "X-EG-Rate-Limiter";

    private readonly LimitedUrl[] _urls;
    private readonly ClusterShare? _share;

    public RateLimiterFilter(RateLimiterSpec spec, TimeProvider time, ClusterShare? share = null)
    {
        _share = spec.ClusterWide ? share ?? new ClusterShare() : null;
        _urls = spec.Urls.Select(u =>
        {
            var policy = spec.PolicyOf(u);
            return new LimitedUrl(u, policy, _share?.Of(policy.LimitForPeriod) ?? policy.LimitForPeriod, time);
        }).ToArray();
        if (_share is not null) _share.Changed += Reshare;
    }

    public ValueTask<string> HandleAsync(RequestContext context)
    {
        var url = Array.Find(_urls, u => u.Matches(context.Request));
        if (url is null) return ValueTask.FromResult("");
        var permit = url.Limiter.Acquire();
        if (!permit.Granted)
        {
            var response = new PipelineResponse(StatusCodes.Status429TooManyRequests);
            response.Headers[Header] = "too-many-requests";
            context.Respond(response);
            return ValueTask.FromResult(RateLimiterKind.RateLimited);
        }
        return permit.Wait <= TimeSpan.Zero ? ValueTask.FromResult("") : WaitAsync(url.Limiter, permit.Wait, context.Aborted);
    }

    public object? Status()
    {
        var status = new Dictionary<string, object?> { ["urls"] = _urls.Select(u => u.Status()).ToList() };
        if (_share is not null)
            status["cluster"] = new Dictionary<string, object?> { ["members"] = _share.Members, ["rank"] = _share.Rank };
        return status;
    }

    public void Dispose()
    {
        if (_share is not null) _share.Changed -= Reshare;
    }

    private void Reshare()
    {
        foreach (var url in _urls) url.Limiter.SetLimit(_share!.Of(url.PolicyLimit));
    }

    private static async ValueTask<string> WaitAsync(PermitLimiter limiter, TimeSpan wait, CancellationToken aborted)
    {
        try { await limiter.WaitAsync(wait, aborted).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        return "";
    }
}
