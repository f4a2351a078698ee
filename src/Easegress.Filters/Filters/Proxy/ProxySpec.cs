using Easegress.Protocols.Http;
using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Filters.Proxy;

/// <summary>
/// The spec of a <c>Proxy</c>, in either dialect: v2 <c>pools</c> (exactly one pool without <c>filter</c> is the
/// main pool, the others are candidates tried in order) or v1 <c>mainPool</c> with proxy-level <c>failureCodes</c>.
/// </summary>
public sealed class ProxySpec : FilterSpec, IValidatedSpec, Resilience.IResilientSpec
{
    /// <summary>v2: the server pools.</summary>
    public List<PoolSpec>? Pools { get; set; }

    /// <summary>v1: the one pool.</summary>
    public PoolSpec? MainPool { get; set; }

    /// <summary>v1: status codes that make the result <c>failureCode</c> (default: any 5xx).</summary>
    public List<int>? FailureCodes { get; set; }

    /// <summary>v1: pools with a <c>filter</c>, tried in order before <c>mainPool</c> (v2 writes them into <c>pools</c>).</summary>
    public List<PoolSpec>? CandidatePools { get; set; }

    /// <summary>Gets a copy of every request (that its <c>filter</c>, when given, matches); its answers are discarded.</summary>
    public PoolSpec? MirrorPool { get; set; }

    // Known Easegress fields that are not built yet: rejected with a clear message rather than ignored.
    public JsonNode? Fallback { get; set; }
    /// <summary>Gzip responses for clients that accept it.</summary>
    public CompressionSpec? Compression { get; set; }

    /// <summary>
    /// How much of a response body is read into memory when a filter after the Proxy uses the response: 0 means 4 MiB;
    /// -1 hands the body over as a stream (later filters see the headers only). A larger body fails with 500.
    /// </summary>
    public long ServerMaxBodySize { get; set; }

    /// <summary>The client certificate shown to <c>https</c> backends and the roots their certificates must chain to.</summary>
    public MtlsSpec? Mtls { get; set; }
    /// <summary>Go's cap on idle connections to all backends (10240); .NET's pool has no such cap (see the docs).</summary>
    public int? MaxIdleConns { get; set; }
    /// <summary>Go's cap on idle connections per backend (1024); negative keeps none idle.</summary>
    public int? MaxIdleConnsPerHost { get; set; }
    public JsonNode? MaxRedirection { get; set; }

    public void Validate(string path)
    {
        ValidateMaxBodySize(ServerMaxBodySize, SpecException.Join(path, "serverMaxBodySize"));
        if (Compression is { MinLength: < 0 })
            throw new SpecException(SpecException.Join(SpecException.Join(path, "compression"), "minLength"), "must not be negative");
        if (MaxIdleConns < 0) throw new SpecException(SpecException.Join(path, "maxIdleConns"), "must not be negative (0: no limit)");
        NotBuilt(path, "maxRedirection", MaxRedirection);
        if (Fallback is not null)
            throw new SpecException(SpecException.Join(path, "fallback"), "not supported (removed in Easegress v2): send failures elsewhere with jumpIf");

        if (Pools is null && MainPool is null)
            throw new SpecException(SpecException.Join(path, "pools"), "is required (or mainPool, in the v1 form)");
        if (Pools is not null && MainPool is not null)
            throw new SpecException(SpecException.Join(path, "mainPool"), "give either pools (v2) or mainPool (v1), not both");
        StatusCodeList.Validate(FailureCodes, SpecException.Join(path, "failureCodes"));

        if (MainPool is not null)
        {
            if (MainPool.Filter is not null)
                throw new SpecException(SpecException.Join(SpecException.Join(path, "mainPool"), "filter"), "must be empty in mainPool");
            for (var i = 0; i < (CandidatePools?.Count ?? 0); i++)
                if (CandidatePools![i].Filter is null)
                    throw new SpecException(SpecException.Join(SpecException.Index(SpecException.Join(path, "candidatePools"), i), "filter"),
                        "is required in a candidate pool");
            return;
        }
        if (CandidatePools is not null)
            throw new SpecException(SpecException.Join(path, "candidatePools"), "belongs to the v1 form (mainPool); with pools, give candidates a filter");

        if (FailureCodes is not null)
            throw new SpecException(SpecException.Join(path, "failureCodes"), "with pools (v2), failureCodes belongs to each pool");
        var mainPools = 0;
        foreach (var pool in Pools!)
            if (pool.Filter is null) mainPools++;
        if (mainPools != 1)
            throw new SpecException(SpecException.Join(path, "pools"),
                $"one and only one pool without filter (the main pool) is required, found {mainPools}");
    }

    /// <summary>Finds the resilience policies the pools name (a mirror pool's answers count for nothing, so it takes none).</summary>
    public void UsePolicies(Resilience.ResiliencePolicies policies, string path)
    {
        for (var i = 0; i < (Pools?.Count ?? 0); i++) Pools![i].UsePolicies(policies, SpecException.Index(SpecException.Join(path, "pools"), i));
        MainPool?.UsePolicies(policies, SpecException.Join(path, "mainPool"));
        for (var i = 0; i < (CandidatePools?.Count ?? 0); i++)
            CandidatePools![i].UsePolicies(policies, SpecException.Index(SpecException.Join(path, "candidatePools"), i));
        if (MirrorPool is { } mirror && (mirror.CircuitBreakerPolicy ?? mirror.RetryPolicy) is not null)
            throw new SpecException(SpecException.Join(path, "mirrorPool"), "a mirror pool takes no resilience policies");
    }

    internal static void ValidateMaxBodySize(long value, string path)
    {
        if (value < -1) throw new SpecException(path, $"must be -1 (stream), 0 (the default, 4 MiB) or a size in bytes, not {value}");
    }

    internal static void NotBuilt(string path, string field, JsonNode? value, string? hint = null)
    {
        if (value is not null)
            throw new SpecException(SpecException.Join(path, field), hint is null ? "not supported yet" : $"not supported yet; {hint}");
    }
}
