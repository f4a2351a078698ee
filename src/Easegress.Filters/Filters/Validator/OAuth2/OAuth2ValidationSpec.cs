using Easegress.Specs;

namespace Easegress.Filters.Validator;

/// <summary>The Validator's <c>oauth2</c>: the bearer token is checked by an RFC 7662 introspection endpoint
/// (<see cref="TokenIntrospect"/>) or is a self-contained HMAC-signed JWT (<see cref="Jwt"/>); one of the two.</summary>
public sealed class OAuth2ValidationSpec : IValidatedSpec
{
    public TokenIntrospectSpec? TokenIntrospect { get; set; }
    public OAuth2JwtSpec? Jwt { get; set; }

    public void Validate(string path)
    {
        if ((TokenIntrospect is null) == (Jwt is null))
            throw new SpecException(SpecException.Join(path, "tokenIntrospect"), "give exactly one of tokenIntrospect and jwt");
    }

    internal ICredentialCheck CreateCheck(FilterEnvironment environment) => Jwt is { Verifier: { } verifier }
        ? new OAuth2JwtCheck(verifier, environment.Time)
        : new TokenIntrospection(TokenIntrospect!, environment.LoggerFactory);
}

/// <summary>Where and how to introspect a token (RFC 7662). The client authenticates with <c>client_id</c> and
/// <c>client_secret</c> in the form when <see cref="ClientId"/> is set, else with <c>Authorization: Basic
/// <see cref="BasicAuth"/></c> when that is set.</summary>
public sealed class TokenIntrospectSpec : IValidatedSpec
{
    [RequiredField] public string EndPoint { get; set; } = "";
    /// <summary>The base64 of <c>client:secret</c>, sent as <c>Authorization: Basic …</c>.</summary>
    public string? BasicAuth { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>Accept any certificate from an https endpoint (for tests only).</summary>
    public bool InsecureTls { get; set; }

    internal Uri? Uri { get; private set; }

    public void Validate(string path)
    {
        if (!System.Uri.TryCreate(EndPoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new SpecException(SpecException.Join(path, "endPoint"), $"\"{EndPoint}\" is not an http:// or https:// URL");
        Uri = uri;
    }
}

/// <summary>A self-contained access token: a JWT signed with HS256, HS384 or HS512 and a hex-encoded key.</summary>
public sealed class OAuth2JwtSpec : IValidatedSpec
{
    [RequiredField] public string Algorithm { get; set; } = "";
    [RequiredField] public string Secret { get; set; } = "";

    internal JwtVerifier? Verifier { get; private set; }

    public void Validate(string path)
    {
        if (Algorithm is not ("HS256" or "HS384" or "HS512"))
            throw new SpecException(SpecException.Join(path, "algorithm"), $"\"{Algorithm}\" is not HS256, HS384 or HS512");
        Verifier = JwtVerifier.Hmac(Algorithm, JwtValidationSpec.Hex(Secret, SpecException.Join(path, "secret")));
    }
}
