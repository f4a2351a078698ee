using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.Redirector;

/// <summary>
/// Replaces the matches of <c>match</c> in the chosen part of the request URL with <c>replacement</c>; when that changes
/// it, answers <c>statusCode</c> with the result as <c>Location</c> (and the reason phrase as body) and returns
/// <c>redirected</c>. A URL the expression leaves as it is passes on with "", so several redirectors can be chained.
/// </summary>
public sealed class RedirectorFilter(RedirectorSpec spec) : ISyncFilter<RequestContext>
{
    private readonly Regex _match = spec.CompiledMatch();
    private readonly RegexReplacement _replacement = new(spec.Replacement);
    private readonly int _status = spec.StatusCode;
    private readonly Func<HttpRequest, string> _part = spec.MatchPart switch
    {
        RedirectorSpec.PathPart => RequestUrl.Path,
        RedirectorSpec.Full => RequestUrl.Full,
        _ => RequestUrl.Uri,
    };

    public string Handle(RequestContext context)
    {
        var input = _part(context.Request);
        var location = _replacement.ReplaceAll(_match, input);
        if (location == input) return "";
        var response = context.Respond(_status, RedirectStatus.Phrase(_status));
        response.Headers.Append(HeaderNames.Location, location);
        return RedirectorKind.Redirected;
    }

    public void Dispose() { }
}
