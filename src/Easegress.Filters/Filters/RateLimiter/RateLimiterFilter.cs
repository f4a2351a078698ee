using Easegress.Matching;
using Easegress.Protocols.Http;
using Easegress.Resilience;
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
public sealed class RateLimiterFilter : IAsyncFilter<RequestContext>
{
    /// <summary>Easegress's header on a refused request.</summary>
    public const string Header = "X-EG-Rate-Limiter";

    private readonly PolicyUrl<PermitLimiter>[] _urls;
    private readonly ClusterShare? _share;

    public RateLimiterFilter(RateLimiterSpec spec, TimeProvider time, ClusterShare? share = null)
    {
        var cluster = spec.ClusterWide ? share ?? new ClusterShare() : null;
        _share = cluster;
        _urls = spec.Rules((_, policy) => new PermitLimiter(policy, cluster?.Of(policy.LimitForPeriod) ?? policy.LimitForPeriod, time));
        if (_share is not null) _share.Changed += Reshare;
    }

    public ValueTask<string> HandleAsync(RequestContext context)
    {
        var url = PolicyUrl<PermitLimiter>.Find(_urls, context.Request);
        if (url is null) return ValueTask.FromResult("");
        var permit = url.Guard.Acquire();
        if (!permit.Granted)
        {
            var response = new PipelineResponse(StatusCodes.Status429TooManyRequests);
            response.Headers[Header] = "too-many-requests";
            context.Respond(response);
            return ValueTask.FromResult(RateLimiterKind.RateLimited);
        }
        return permit.Wait <= TimeSpan.Zero ? ValueTask.FromResult("") : WaitAsync(url.Guard, permit.Wait, context.Aborted);
    }

    public object? Status()
    {
        var status = new Dictionary<string, object?> { ["urls"] = _urls.Select(StatusOf).ToList() };
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
        foreach (var url in _urls) url.Guard.SetLimit(_share!.Of(url.Guard.PolicyLimit));
    }

    /// <summary>A rule with its limiter; the url shows every pattern it has (<c>exact /a | prefix /b</c>).</summary>
    private static Dictionary<string, object?> StatusOf(PolicyUrl<PermitLimiter> url)
    {
        var status = url.Describe();
        status["url"] = Patterns(url.Url);
        status["limitForPeriod"] = url.Guard.Limit;
        status["availablePermits"] = url.Guard.AvailablePermits;
        status["waiting"] = url.Guard.Waiting;
        return status;
    }

    private static string Patterns(StringMatcherSpec url)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(url.Exact)) parts.Add($"exact {url.Exact}");
        if (!string.IsNullOrEmpty(url.Prefix)) parts.Add($"prefix {url.Prefix}");
        if (!string.IsNullOrEmpty(url.Regex)) parts.Add($"regex {url.Regex}");
        if (url.Empty) parts.Add("empty");
        return string.Join(" | ", parts);
    }

    private static async ValueTask<string> WaitAsync(PermitLimiter limiter, TimeSpan wait, CancellationToken aborted)
    {
        try { await limiter.WaitAsync(wait, aborted).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        return "";
    }
}
