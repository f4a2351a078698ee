using System.Text.RegularExpressions;
using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Validator;

/// <summary>
/// Checks request headers: a header passes when any of its values is listed in <c>values</c> or matches
/// <c>regexp</c>; every configured header must pass, else the request is answered 400 and the result is
/// <c>invalid</c>.
/// </summary>
public sealed class ValidatorFilter : ISyncFilter<RequestContext>
{
    private readonly HeaderRule[] _headers;
    private readonly JwtCheck? _jwt;

    public ValidatorFilter(ValidatorSpec spec, TimeProvider time)
    {
        _jwt = spec.Jwt is { Verifier: { } verifier } jwt ? new JwtCheck(verifier, jwt.CookieName, time) : null;
        var rules = new List<HeaderRule>();
        foreach (var (name, rule) in spec.Headers ?? [])
            rules.Add(new HeaderRule(name, rule.Values?.ToArray() ?? [], rule.CompiledRegexp()));
        _headers = rules.ToArray();
    }

    public string Handle(RequestContext context)
    {
        var headers = context.Request.Headers;
        foreach (var rule in _headers)
        {
            if (rule.Passes(headers)) continue;
            context.Respond(StatusCodes.Status400BadRequest);
            return ValidatorKind.Invalid;
        }
        if (_jwt is not null && !_jwt.Passes(context.Request))
        {
            context.Respond(StatusCodes.Status401Unauthorized);
            return ValidatorKind.Invalid;
        }
        return "";
    }

    /// <summary>True when checking costs real CPU (RSA, ECDSA signatures), so the filter runs off the stream's thread.</summary>
    internal bool Costly => _jwt?.Costly ?? false;

    public void Dispose() { }

    private sealed class JwtCheck(JwtVerifier verifier, string? cookieName, TimeProvider time)
    {
        public bool Costly => verifier.Costly;

        public bool Passes(HttpRequest request)
        {
            var token = cookieName is { Length: > 0 } && request.Cookies.TryGetValue(cookieName, out var cookie) ? cookie : Bearer(request);
            return token is { Length: > 0 } && verifier.Verify(token, time.GetUtcNow());
        }

        private static string? Bearer(HttpRequest request)
        {
            var header = request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        }
    }

    private sealed record HeaderRule(string Name, string[] Values, Regex? Pattern)
    {
        public bool Passes(IHeaderDictionary headers)
        {
            foreach (var value in headers[Name])
            {
                if (value is null) continue;
                if (Array.IndexOf(Values, value) >= 0) return true;
                if (Pattern is not null && Pattern.IsMatch(value)) return true;
            }
            return false;
        }
    }
}
