using Easegress.Protocols.Http;
using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Filters.Proxy;

/// <summary>A server pool: its servers, how to balance them, and (for a candidate pool) which requests it takes.</summary>
public sealed class PoolSpec : IValidatedSpec
{
    public List<ServerSpec> Servers { get; set; } = [];
    public LoadBalanceSpec? LoadBalance { get; set; }

    /// <summary>Makes this a candidate pool: it takes the requests the filter matches.</summary>
    public PoolFilterSpec? Filter { get; set; }

    /// <summary>Status codes that make the result <c>failureCode</c> (default: any 5xx).</summary>
    public List<int>? FailureCodes { get; set; }

    /// <summary>How long the whole exchange with the backend may take; past it the client gets 408 and the result is <c>timeout</c>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Send the server's host as Host even when the server URL is an IP address (<c>keepHost</c> still wins).</summary>
    public bool SetUpstreamHost { get; set; }

    public JsonNode? ServiceRegistry { get; set; }
    public JsonNode? ServiceName { get; set; }
    public JsonNode? ServerTags { get; set; }
    /// <summary>Keeps whole responses in memory and serves them without the backend.</summary>
    public MemoryCacheSpec? MemoryCache { get; set; }
    /// <summary>Checks every server in the background; unhealthy ones take no requests.</summary>
    public HealthCheckSpec? HealthCheck { get; set; }
    /// <summary>The name of a <c>Retry</c> policy of the pipeline's <c>resilience</c> list.</summary>
    public string? RetryPolicy { get; set; }
    /// <summary>The name of a <c>CircuitBreaker</c> policy of the pipeline's <c>resilience</c> list.</summary>
    public string? CircuitBreakerPolicy { get; set; }

    /// <summary>The policies named above, found once the pipeline's <c>resilience</c> list is known.</summary>
    internal Resilience.CircuitBreakerPolicySpec? ResolvedCircuitBreaker { get; set; }
    internal Resilience.RetryPolicySpec? ResolvedRetry { get; set; }
    /// <summary>Overrides the Proxy's <c>serverMaxBodySize</c> for this pool when not 0.</summary>
    public long ServerMaxBodySize { get; set; }
    public JsonNode? SpanName { get; set; }

    /// <summary>Finds the policies the pool names among the pipeline's.</summary>
    internal void UsePolicies(Resilience.ResiliencePolicies policies, string path)
    {
        if (!string.IsNullOrEmpty(CircuitBreakerPolicy))
            ResolvedCircuitBreaker = policies.Find<Resilience.CircuitBreakerPolicySpec>(CircuitBreakerPolicy, SpecException.Join(path, "circuitBreakerPolicy"));
        if (!string.IsNullOrEmpty(RetryPolicy))
            ResolvedRetry = policies.Find<Resilience.RetryPolicySpec>(RetryPolicy, SpecException.Join(path, "retryPolicy"));
    }

    public void Validate(string path)
    {
        ProxySpec.NotBuilt(path, "serviceRegistry", ServiceRegistry, "list servers");
        ProxySpec.NotBuilt(path, "serviceName", ServiceName, "list servers");
        ProxySpec.NotBuilt(path, "serverTags", ServerTags);
        ProxySpec.ValidateMaxBodySize(ServerMaxBodySize, SpecException.Join(path, "serverMaxBodySize"));
        ProxySpec.NotBuilt(path, "spanName", SpanName);

        var serversPath = SpecException.Join(path, "servers");
        if (Servers.Count == 0) throw new SpecException(serversPath, "at least one server is required");
        var weighted = 0;
        foreach (var server in Servers)
            if (server.Weight > 0) weighted++;
        if (weighted > 0 && weighted < Servers.Count)
            throw new SpecException(serversPath, $"not all servers have weight ({weighted}/{Servers.Count})");
        if (LoadBalance?.Policy == LoadBalanceSpec.WeightedRandom && weighted == 0)
            throw new SpecException(SpecException.Join(SpecException.Join(path, "loadBalance"), "policy"),
                "weightedRandom needs a weight on every server");
        StatusCodeList.Validate(FailureCodes, SpecException.Join(path, "failureCodes"));
    }
}

/// <summary>One backend server.</summary>
public sealed class ServerSpec : IValidatedSpec
{
    /// <summary>The server's base URL: <c>http(s)://host[:port][/base-path]</c>; the request path and query are appended.</summary>
    [RequiredField] public string Url { get; set; } = "";
    public List<string>? Tags { get; set; }
    /// <summary>0–100, used by <c>weightedRandom</c>.</summary>
    public int Weight { get; set; }
    /// <summary>Forward the client's Host header even when the URL names a host.</summary>
    public bool KeepHost { get; set; }

    internal Uri? ParsedUrl { get; private set; }

    public void Validate(string path)
    {
        var urlPath = SpecException.Join(path, "url");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || Url.StartsWith('/'))
            throw new SpecException(urlPath, "not a URL");
        if (uri.Scheme is not ("http" or "https"))
            throw new SpecException(urlPath, $"must be an http or https URL, not {uri.Scheme}");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new SpecException(urlPath, "must not have a query or fragment");
        if (Weight is < 0 or > 100)
            throw new SpecException(SpecException.Join(path, "weight"), "must be between 0 and 100");
        ParsedUrl = uri;
    }
}

/// <summary>How a pool picks a server.</summary>
public sealed class LoadBalanceSpec : IValidatedSpec
{
    public const string RoundRobin = "roundRobin";
    public const string Random = "random";
    public const string WeightedRandom = "weightedRandom";
    public const string IpHash = "ipHash";
    public const string HeaderHash = "headerHash";
    public const string CookieHash = "cookieHash";

    private static readonly string[] Policies = [RoundRobin, Random, WeightedRandom, IpHash, HeaderHash, CookieHash];

    /// <summary>One of the policies above; empty means roundRobin.</summary>
    public string? Policy { get; set; }
    /// <summary>The header whose value <c>headerHash</c> hashes.</summary>
    public string? HeaderHashKey { get; set; }

    /// <summary>Keeps a client on one server, by a cookie.</summary>
    public StickySessionSpec? StickySession { get; set; }
    public JsonNode? HealthCheck { get; set; }
    public JsonNode? ForwardKey { get; set; }

    public void Validate(string path)
    {
        ProxySpec.NotBuilt(path, "healthCheck", HealthCheck);
        ProxySpec.NotBuilt(path, "forwardKey", ForwardKey);
        if (!string.IsNullOrEmpty(Policy) && Array.IndexOf(Policies, Policy) < 0)
            throw new SpecException(SpecException.Join(path, "policy"),
                $"unknown load balance policy \"{Policy}\" (one of {string.Join(", ", Policies)})");
        if (Policy == HeaderHash && string.IsNullOrEmpty(HeaderHashKey))
            throw new SpecException(SpecException.Join(path, "headerHashKey"), "is required by the headerHash policy");
    }
}
