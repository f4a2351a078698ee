using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Validator;

/// <summary>
/// A Validator with methods that wait (<c>basicAuth</c> binds to an LDAP directory or runs bcrypt off the stream's
/// thread, <c>signature</c> reads the body, <c>oauth2.tokenIntrospect</c> asks its endpoint): the headers and JWT
/// first, then these in order, in an asynchronous stage, so a slow directory or endpoint holds up only the requests
/// that wait for it, and no thread.
/// </summary>
internal sealed class WaitingValidator(ValidatorFilter inner, IReadOnlyList<ICredentialCheck> checks) : IAsyncFilter<RequestContext>
{
    /// <summary>The waiting methods <paramref name="spec"/> configures, in Easegress's order; empty when none.</summary>
    public static IReadOnlyList<ICredentialCheck> Checks(ValidatorSpec spec, FilterEnvironment environment)
    {
        var checks = new List<ICredentialCheck>();
        if (spec.BasicAuth is not null)
            checks.Add(BasicAuthCheck.Create(spec.BasicAuth, environment.Time, environment.LoggerFactory));
        if (spec.Signature is not null) checks.Add(new SignatureCheck(spec.Signature, environment.Time));
        if (spec.OAuth2 is not null) checks.Add(spec.OAuth2.CreateCheck(environment));
        return checks;
    }

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        if (inner.Costly) await Task.Yield();
        var result = inner.Handle(context);
        if (result.Length > 0) return result;
        foreach (var check in checks)
        {
            var before = context.Response;
            if (await check.PassesAsync(context)) continue;
            if (ReferenceEquals(context.Response, before)) context.Respond(StatusCodes.Status401Unauthorized);
            return ValidatorKind.Invalid;
        }
        return "";
    }

    public void Dispose()
    {
        inner.Dispose();
        foreach (var check in checks) check.Dispose();
    }
}
