using System.Text.RegularExpressions;
using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Validator;

/// <summary>
/// Checks request headers: a header passes when any of its values is listed in <c>values</c> or matches
/// <c>regexp</c>; every configured header must pass, else the request is answered 400 and the result is
/// <c>invalid</c>.
/// </summary>
public sealed class ValidatorFilter : ISyncFilter
{
    private readonly HeaderRule[] _headers;

    public ValidatorFilter(ValidatorSpec spec)
    {
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
        return "";
    }

    public void Dispose() { }

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
