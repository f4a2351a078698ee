using Easegress.Pipelines;
using Easegress.Protocols.Http;
using Easegress.Filters.Redirector;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.RedirectorV2;

/// <summary>
/// Builds the redirect URL from the request's (scheme, host, path, query) with <c>scheme</c>, <c>hostname</c> and
/// <c>path</c> applied; when it differs from the request's URL, answers <c>statusCode</c> (302 by default) with it as
/// <c>Location</c> and returns <c>redirected</c>, else passes on with "". <c>ReplacePrefixMatch</c> replaces the
/// <c>pathPrefix</c> of the HTTP server's route; a route without one leaves the path as it is.
/// </summary>
public sealed class RedirectorV2Filter(RedirectorV2Spec spec) : ISyncFilter<RequestContext>
{
    private readonly string? _scheme = spec.Scheme;
    private readonly string? _hostname = string.IsNullOrEmpty(spec.Hostname) ? null : spec.Hostname;
    private readonly PathModifierSpec? _path = spec.Path;
    private readonly int _status = spec.StatusCode;

    public string Handle(RequestContext context)
    {
        var request = context.Request;
        var original = RequestUrl.Full(request);
        var path = NewPath(context, request.PathBase + request.Path);
        var location = $"{_scheme ?? request.Scheme}://{(_hostname ?? request.Host.ToUriComponent())}" +
                       $"{(path.HasValue ? path.ToUriComponent() : "/")}{request.QueryString}";
        if (location == original) return "";
        var response = context.Respond(_status, RedirectStatus.Phrase(_status));
        response.Headers.Append(HeaderNames.Location, location);
        return RedirectorV2Kind.Redirected;
    }

    private PathString NewPath(RequestContext context, PathString path)
    {
        switch (_path?.Type)
        {
            case PathModifierSpec.ReplaceFullPathType:
                return new PathString(Rooted(_path.ReplaceFullPath!));
            case PathModifierSpec.ReplacePrefixMatchType:
                var prefix = context.Http.Features.Get<MatchedRoute>()?.PathPrefix;
                var value = path.Value ?? "";
                if (string.IsNullOrEmpty(prefix) || !value.StartsWith(prefix, StringComparison.Ordinal)) return path;
                return new PathString(Rooted(_path.ReplacePrefixMatch + value[prefix.Length..]));
            default:
                return path;
        }
    }

    private static string Rooted(string path) => path.StartsWith('/') ? path : "/" + path;

    public void Dispose() { }
}
