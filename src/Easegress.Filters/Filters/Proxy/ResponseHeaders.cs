using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Easegress.Filters.Proxy;

/// <summary>How the headers an earlier filter put on the response join the backend's.</summary>
internal static class ResponseHeaders
{
    /// <summary>
    /// Adds the earlier headers to the backend's: <c>Access-Control-*</c> ones replace the backend's (the gateway's CORS
    /// policy decides, and a browser refuses a response that carries two); <c>Content-*</c> ones describe the earlier
    /// body, so the backend's win; the others are appended.
    /// </summary>
    public static void Merge(IHeaderDictionary earlier, IHeaderDictionary backend)
    {
        foreach (var (name, values) in earlier)
        {
            if (name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)) backend[name] = values;
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) backend.TryAdd(name, values);
            else backend[name] = StringValues.Concat(backend[name], values);
        }
    }
}
