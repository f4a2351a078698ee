using Easegress.Specs;

namespace Easegress.Filters.Validator;

/// <summary>The Validator's <c>jwt</c> block: the token comes from the cookie <see cref="CookieName"/> when it is
/// there, else from <c>Authorization: Bearer</c>; it must be signed with <see cref="Algorithm"/>.</summary>
public sealed class JwtValidationSpec : IValidatedSpec
{
    public string? CookieName { get; set; }
    [RequiredField] public string Algorithm { get; set; } = "";
    /// <summary>The HMAC key of HS256/384/512, hex-encoded (as Easegress).</summary>
    public string? Secret { get; set; }
    /// <summary>The public key of RS*/ES*/EdDSA: hex-encoded DER (SubjectPublicKeyInfo), as Easegress, or PEM text (EdDSA also
    /// takes the bare 32-byte key in hex).</summary>
    public string? PublicKey { get; set; }

    internal JwtVerifier? Verifier { get; private set; }

    public void Validate(string path)
    {
        var algorithm = SpecException.Join(path, "algorithm");
        switch (Algorithm)
        {
            case "HS256" or "HS384" or "HS512":
                Verifier = JwtVerifier.Hmac(Algorithm, Hex(Secret, SpecException.Join(path, "secret")));
                break;
            case "RS256" or "RS384" or "RS512" or "ES256" or "ES384" or "ES512":
                Verifier = JwtVerifier.Asymmetric(Algorithm, PublicKey, SpecException.Join(path, "publicKey"));
                break;
            case "EdDSA":
                Verifier = JwtVerifier.EdDsa(PublicKey, SpecException.Join(path, "publicKey"));
                break;
            default:
                throw new SpecException(algorithm, $"\"{Algorithm}\" is not HS256, HS384, HS512, RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA");
        }
    }

    /// <summary>The hex-encoded HMAC key at <paramref name="path"/>.</summary>
    internal static byte[] Hex(string? text, string path)
    {
        if (string.IsNullOrEmpty(text)) throw new SpecException(path, "is required for HMAC algorithms");
        try { return Convert.FromHexString(text); }
        catch (FormatException) { throw new SpecException(path, "must be hex-encoded"); }
    }
}
