using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.Proxy;

/// <summary>A pool's <c>memoryCache</c>: whole responses kept in memory and served without the backend.</summary>
public sealed class MemoryCacheSpec : IValidatedSpec
{
    /// <summary>The statuses whose responses are kept.</summary>
    [RequiredField] public List<int> Codes { get; set; } = [];
    /// <summary>How long a kept response is served.</summary>
    [LongDuration] [RequiredField] public TimeSpan Expiration { get; set; }
    /// <summary>Responses with a longer body are not kept.</summary>
    [RequiredField] public long MaxEntryBytes { get; set; }
    /// <summary>The most responses kept at once (0: no limit); past it the oldest entry makes room.</summary>
    public int MaxCacheCount { get; set; }
    /// <summary>The request methods whose responses are kept and served.</summary>
    [RequiredField] public List<string> Methods { get; set; } = [];

    public void Validate(string path)
    {
        var codes = SpecException.Join(path, "codes");
        if (Codes.Count == 0) throw new SpecException(codes, "at least one status code is required");
        StatusCodeList.Validate(Codes, codes);
        if (Expiration <= TimeSpan.Zero) throw new SpecException(SpecException.Join(path, "expiration"), "must be positive");
        if (MaxEntryBytes < 1) throw new SpecException(SpecException.Join(path, "maxEntryBytes"), "must be at least 1");
        if (MaxEntryBytes > Array.MaxLength) throw new SpecException(SpecException.Join(path, "maxEntryBytes"), $"must be at most {Array.MaxLength}");
        if (MaxCacheCount < 0) throw new SpecException(SpecException.Join(path, "maxCacheCount"), "must not be negative (0: no limit)");
        var methods = SpecException.Join(path, "methods");
        if (Methods.Count == 0) throw new SpecException(methods, "at least one method is required");
        HttpMethodSet.Parse(Methods, methods);
    }
}
