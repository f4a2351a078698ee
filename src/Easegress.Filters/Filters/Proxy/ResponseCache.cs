using Easegress.Protocols.Http.Bodies;
using System.Collections.Concurrent;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Easegress.Filters.Proxy;

/// <summary>
/// A pool's <c>memoryCache</c>, as Easegress keeps it: whole responses by scheme, host, path (and query) and method,
/// served for the listed <c>methods</c> unless the request says <c>Cache-Control: no-cache</c>, and kept only for the
/// listed <c>codes</c>, with a body of at most <c>maxEntryBytes</c>, not a stream, without a specific
/// <c>Access-Control-Allow-Origin</c>, and when neither side's <c>Cache-Control</c> forbids it. Entries live
/// <c>expiration</c>; with <c>maxCacheCount</c> the oldest entry makes room for a new one.
/// </summary>
internal sealed class ResponseCache(MemoryCacheSpec spec, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CachedResponse> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, CachedResponse Entry)> _arrivals = new();
    private readonly HashSet<int> _codes = [.. spec.Codes];
    private readonly HttpMethodSet _methods = HttpMethodSet.Parse(spec.Methods, "methods");
    private readonly Lock _evicting = new();

    public long MaxEntryBytes => spec.MaxEntryBytes;
    public int Count => _entries.Count;

    /// <summary>Answers the request from the cache, if it may be and a fresh entry is there.</summary>
    public bool TryServe(RequestContext context, ResponseCompression? compression)
    {
        var request = context.Http.Request;
        if (!_methods.Contains(request.Method) || CacheControlSays(request.Headers.CacheControl, "no-cache")) return false;
        var key = Key(request);
        if (!_entries.TryGetValue(key, out var entry)) return false;
        if (entry.Expires <= time.GetUtcNow())
        {
            _entries.TryRemove(new KeyValuePair<string, CachedResponse>(key, entry));
            return false;
        }

        var response = new PipelineResponse(entry.StatusCode);
        foreach (var (name, values) in entry.Headers) response.Headers[name] = values;
        if (context.Response is { } earlier) ResponseHeaders.Merge(earlier.Headers, response.Headers);
        var body = entry.Body;
        if (compression?.Applies(request, entry.StatusCode, response.Headers, body.Length) == true)
        {
            ResponseCompression.MarkGzipped(response.Headers);
            body = Gzip.Compress(body.ToArray());
        }
        response.SetBody(body);
        context.Respond(response);
        return true;
    }

    /// <summary>Starts keeping the backend's answer to this request, or null when the request is not to be cached.</summary>
    /// <param name="streams">The pool hands bodies over as streams (<c>serverMaxBodySize: -1</c>): nothing is cached.</param>
    public CachingTransformer? Record(HttpRequest request, bool streams)
    {
        if (streams || !_methods.Contains(request.Method)) return null;
        var cacheControl = request.Headers.CacheControl;
        if (CacheControlSays(cacheControl, "no-store") || CacheControlSays(cacheControl, "no-cache")) return null;
        return new CachingTransformer(this, Key(request), request.Method);
    }

    /// <summary>Whether a response with this status and headers may be kept (its body is checked as it arrives).</summary>
    public bool Admits(int statusCode, IHeaderDictionary headers)
    {
        if (!_codes.Contains(statusCode)) return false;
        if (headers.AccessControlAllowOrigin is { Count: > 0 } origin && origin.ToString() is var o && o.Length > 0 && o != "*") return false;
        if (headers.ContentType.ToString().StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase)) return false;
        // A response that sets a cookie belongs to one client (Easegress would keep it and hand it to everyone).
        if (headers.SetCookie.Count > 0) return false;
        var cacheControl = headers.CacheControl;
        return !CacheControlSays(cacheControl, "no-store") && !CacheControlSays(cacheControl, "no-cache")
            && !CacheControlSays(cacheControl, "must-revalidate");
    }

    public void Store(string key, int statusCode, HeaderDictionary headers, byte[] body)
    {
        var entry = new CachedResponse(statusCode, headers, body, time.GetUtcNow() + spec.Expiration);
        _entries[key] = entry;
        _arrivals.Enqueue((key, entry));
        MakeRoom();
    }

    /// <summary>Drops entries, oldest first, while the queue's head has expired or the cache is over its count.</summary>
    private void MakeRoom()
    {
        lock (_evicting)
        {
            var now = time.GetUtcNow();
            while (_arrivals.TryPeek(out var oldest))
            {
                var current = _entries.TryGetValue(oldest.Key, out var held) && ReferenceEquals(held, oldest.Entry);
                var over = spec.MaxCacheCount > 0 && _entries.Count > spec.MaxCacheCount;
                if (current && !over && oldest.Entry.Expires > now) break;
                _arrivals.TryDequeue(out _);
                if (current && (over || oldest.Entry.Expires <= now))
                    _entries.TryRemove(new KeyValuePair<string, CachedResponse>(oldest.Key, oldest.Entry));
            }
        }
    }

    /// <summary>Scheme, host (its <see cref="CanonicalHost"/> form), path, query and method of the request as earlier
    /// filters left it.</summary>
    private static string Key(HttpRequest request) =>
        string.Concat(request.Scheme, CanonicalHost.Of(request), request.Path.Value, request.QueryString.Value, request.Method);

    private static bool CacheControlSays(StringValues values, string directive)
    {
        foreach (var value in values)
            if (value is not null && value.Contains(directive, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private sealed record CachedResponse(int StatusCode, HeaderDictionary Headers, ReadOnlyMemory<byte> Body, DateTimeOffset Expires);
}
