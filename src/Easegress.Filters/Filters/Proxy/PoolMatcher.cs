using Easegress.Matching;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Proxy;

/// <summary>Decides whether a candidate pool takes a request (its <c>filter</c>).</summary>
internal abstract class PoolMatcher
{
    public abstract bool Matches(HttpRequest request);

    public static PoolMatcher Create(PoolFilterSpec spec) => spec.Policy switch
    {
        PoolFilterSpec.Random => new PermilMatcher(spec.Permil, static _ => (uint)Random.Shared.Next(1000)),
        PoolFilterSpec.IpHash => new PermilMatcher(spec.Permil, RequestHash.OfClientAddress),
        PoolFilterSpec.HeaderHash => new HeaderHashMatcher(spec.Permil, spec.HeaderHashKey!),
        _ => new GeneralMatcher(spec),
    };

    /// <summary>Takes <c>permil</c>/1000 of the requests, by a number drawn from each request.</summary>
    private sealed class PermilMatcher(int permil, Func<HttpRequest, uint> draw) : PoolMatcher
    {
        public override bool Matches(HttpRequest request) => draw(request) % 1000 < (uint)permil;
    }

    private sealed class HeaderHashMatcher(int permil, string header) : PoolMatcher
    {
        public override bool Matches(HttpRequest request) => RequestHash.OfHeader(request, header) % 1000 < (uint)permil;
    }

    /// <summary>Headers (any, or all with <c>matchAllHeaders</c>; a missing header is the empty string), then urls when given.</summary>
    private sealed class GeneralMatcher : PoolMatcher
    {
        private readonly (string Name, StringMatcherSpec Rule)[] _headers;
        private readonly bool _matchAll;
        private readonly (HttpMethodSet Methods, StringMatcherSpec Url)[] _urls;

        public GeneralMatcher(PoolFilterSpec spec)
        {
            _headers = spec.Headers!.Select(h => (h.Key, h.Value)).ToArray();
            _matchAll = spec.MatchAllHeaders;
            _urls = (spec.Urls ?? []).Select(u => (u.MethodSet(), u.Url)).ToArray();
        }

        public override bool Matches(HttpRequest request)
        {
            if (!(_matchAll ? AllHeadersMatch(request.Headers) : AnyHeaderMatches(request.Headers))) return false;
            if (_urls.Length == 0) return true;
            var path = request.Path.Value ?? "";
            foreach (var (methods, url) in _urls)
                if (methods.Contains(request.Method) && url.Matches(path)) return true;
            return false;
        }

        private bool AnyHeaderMatches(IHeaderDictionary headers)
        {
            foreach (var (name, rule) in _headers)
                if (HeaderMatches(headers, name, rule)) return true;
            return false;
        }

        private bool AllHeadersMatch(IHeaderDictionary headers)
        {
            foreach (var (name, rule) in _headers)
                if (!HeaderMatches(headers, name, rule)) return false;
            return true;
        }

        private static bool HeaderMatches(IHeaderDictionary headers, string name, StringMatcherSpec rule)
        {
            var values = headers[name];
            if (values.Count == 0) return rule.Matches("");
            foreach (var value in values)
                if (rule.Matches(value ?? "")) return true;
            return false;
        }
    }
}
