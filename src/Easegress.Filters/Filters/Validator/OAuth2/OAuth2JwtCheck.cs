using Easegress.Protocols.Http;

namespace Easegress.Filters.Validator;

/// <summary>The <c>oauth2.jwt</c> check: the bearer token verifies (algorithm, signature, <c>exp</c>, <c>nbf</c>);
/// its <c>sub</c> and <c>scope</c> go to the backend as headers.</summary>
internal sealed class OAuth2JwtCheck(JwtVerifier verifier, TimeProvider time) : ICredentialCheck
{
    public ValueTask<bool> PassesAsync(RequestContext context)
    {
        var request = context.Request;
        if (AuthenticatedUser.BearerToken(request) is not { Length: > 0 } token || !verifier.Verify(token, time.GetUtcNow(), out var claims))
            return ValueTask.FromResult(false);
        AuthenticatedUser.Announce(request, claims);
        return ValueTask.FromResult(true);
    }

    public void Dispose() { }
}
