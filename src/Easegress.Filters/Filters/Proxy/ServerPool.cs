using Easegress.Statistics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Proxy;

/// <summary>A pool at run time: its servers behind a load balancer, its filter (candidate pools), failure codes and timeout.</summary>
internal sealed class ServerPool
{
    private readonly bool[]? _failureCodes;
    private readonly Resilience.CircuitBreakerPolicySpec? _breakerPolicy;
    private readonly Resilience.RetryPolicySpec? _retryPolicy;

    public ServerPool(PoolSpec spec, List<int>? inheritedFailureCodes, TimeProvider time)
    {
        Stat = new HttpStat(time, sizeHistograms: true);
        LoadBalancePolicy = string.IsNullOrEmpty(spec.LoadBalance?.Policy) ? LoadBalanceSpec.RoundRobin : spec.LoadBalance.Policy;
        FilterPolicy = spec.Filter is null ? "" : "filter";
        var sticky = spec.LoadBalance?.StickySession is { } stickySpec ? new StickySession(stickySpec, time) : null;
        var servers = new BackendServer[spec.Servers.Count];
        for (var i = 0; i < servers.Length; i++) servers[i] = new BackendServer(spec.Servers[i], spec.SetUpstreamHost, sticky);
        Servers = new AvailableServers(servers);
        Balancer = ILoadBalancer.Create(spec.LoadBalance, Servers, sticky);
        HealthCheckSpec = spec.HealthCheck;
        Matcher = spec.Filter is null ? null : PoolMatcher.Create(spec.Filter);
        Timeout = spec.Timeout is { } t && t > TimeSpan.Zero ? t : null;
        ServerMaxBodySize = spec.ServerMaxBodySize;
        Cache = spec.MemoryCache is { } cache ? new ResponseCache(cache, time) : null;
        _breakerPolicy = spec.ResolvedCircuitBreaker;
        _retryPolicy = spec.ResolvedRetry;

        var codes = spec.FailureCodes ?? inheritedFailureCodes;
        if (codes is { Count: > 0 })
        {
            _failureCodes = new bool[600];
            foreach (var code in codes) _failureCodes[code] = true;
        }
    }

    /// <summary>What this pool has forwarded (and failed to), on this node.</summary>
    public HttpStat Stat { get; }
    public string LoadBalancePolicy { get; }
    /// <summary>"filter" for a candidate pool, empty for the main pool (a Prometheus label).</summary>
    public string FilterPolicy { get; }

    public AvailableServers Servers { get; }
    public ILoadBalancer Balancer { get; }
    public HealthCheckSpec? HealthCheckSpec { get; }
    public PoolHealthCheck? HealthCheck { get; private set; }

    /// <summary>Starts the pool's health check, when it has one, over the Proxy's connections.</summary>
    public void StartHealthCheck(HttpMessageInvoker client, TimeProvider time, ILogger logger, string name)
    {
        if (HealthCheckSpec is { } spec) HealthCheck = new PoolHealthCheck(spec, Servers, client, time, logger, name);
    }
    public PoolMatcher? Matcher { get; }
    public TimeSpan? Timeout { get; }
    /// <summary>The pool's <c>memoryCache</c>, if any.</summary>
    public ResponseCache? Cache { get; }
    /// <summary>The pool's own <c>serverMaxBodySize</c>; 0 means the Proxy's.</summary>
    public long ServerMaxBodySize { get; }

    /// <summary>True for the pool's failure codes, or any 5xx when it lists none.</summary>
    public bool IsFailure(int statusCode) => _failureCodes is null
        ? statusCode is >= 500 and < 600
        : (uint)statusCode < (uint)_failureCodes.Length && _failureCodes[statusCode];

    public bool Takes(HttpRequest request) => Matcher is null || Matcher.Matches(request);

    /// <summary>The pool's circuit breaker and retries, when it names policies (not for a mirror pool).</summary>
    public PoolResilience? Resilience { get; private set; }

    public void UseResilience(TimeProvider time, ILogger logger, string name)
    {
        if (_breakerPolicy is not null || _retryPolicy is { MaxAttempts: > 1 })
            Resilience = new PoolResilience(_breakerPolicy, _retryPolicy, IsFailure, time, logger, name);
    }
}
