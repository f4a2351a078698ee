using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.CORSAdaptor;

/// <summary>
/// Cross-origin requests, the way Easegress handles them. A request without <c>Origin</c> passes untouched. A preflight
/// (<c>OPTIONS</c> with <c>Access-Control-Request-Method</c>) is answered 204 — with the <c>Access-Control-Allow-*</c>
/// headers when the policy allows origin, method and headers — and the result is <c>preflighted</c>. Any other request
/// with an <c>Origin</c> gets the CORS headers on its response (added to the response there is, or to a new 200 one that
/// a later Proxy merges into the backend's); when the policy does not allow it, no <c>Access-Control-Allow-Origin</c> is
/// given and the result is <c>rejected</c>.
/// </summary>
internal sealed class CORSAdaptorFilter(CorsPolicy policy) : ISyncFilter<RequestContext>
{
    public string Handle(RequestContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return "";

        var preflight = HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod.Count > 0;
        var headers = new HeaderDictionary();
        if (preflight) Preflight(request, origin, headers);
        else ActualRequest(request, origin, headers);

        if (context.Response is { } response) Merge(headers, response.Headers);
        else
        {
            response = context.Respond(preflight ? StatusCodes.Status204NoContent : StatusCodes.Status200OK);
            foreach (var (name, values) in headers) response.Headers[name] = values;
        }

        if (preflight) return CORSAdaptorKind.Preflighted;
        return headers.ContainsKey(HeaderNames.AccessControlAllowOrigin) ? "" : CORSAdaptorKind.Rejected;
    }

    private void Preflight(HttpRequest request, string origin, IHeaderDictionary headers)
    {
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        headers.Append(HeaderNames.Vary, HeaderNames.AccessControlRequestMethod);
        headers.Append(HeaderNames.Vary, HeaderNames.AccessControlRequestHeaders);
        if (!policy.AllowsOrigin(origin)) return;
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (!policy.AllowsMethod(method)) return;
        var requested = CorsPolicy.ParseHeaderList(request.Headers.AccessControlRequestHeaders.ToString());
        if (!policy.AllowsHeaders(requested)) return;

        AllowOrigin(origin, headers);
        headers.AccessControlAllowMethods = method.ToUpperInvariant();
        if (requested.Length > 0) headers.AccessControlAllowHeaders = string.Join(", ", requested);
        if (policy.AllowCredentials) headers.AccessControlAllowCredentials = "true";
        if (policy.MaxAge is { } maxAge) headers.AccessControlMaxAge = maxAge;
    }

    private void ActualRequest(HttpRequest request, string origin, IHeaderDictionary headers)
    {
        headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        if (!policy.AllowsOrigin(origin) || !policy.AllowsMethod(request.Method)) return;
        AllowOrigin(origin, headers);
        if (policy.ExposedHeaders is { } exposed) headers.AccessControlExposeHeaders = exposed;
        if (policy.AllowCredentials) headers.AccessControlAllowCredentials = "true";
    }

    /// <summary><c>*</c> when any origin is allowed — except with credentials, which browsers accept only for the
    /// origin itself.</summary>
    private void AllowOrigin(string origin, IHeaderDictionary headers) =>
        headers.AccessControlAllowOrigin = policy.AnyOrigin && !policy.AllowCredentials ? "*" : origin;

    /// <summary>Into an existing response: <c>Vary</c> values are added, the CORS headers replace what is there.</summary>
    private static void Merge(IHeaderDictionary cors, IHeaderDictionary response)
    {
        foreach (var (name, values) in cors)
        {
            if (name.Equals(HeaderNames.Vary, StringComparison.OrdinalIgnoreCase)) response.Append(name, values);
            else response[name] = values;
        }
    }

    public void Dispose() { }
}
