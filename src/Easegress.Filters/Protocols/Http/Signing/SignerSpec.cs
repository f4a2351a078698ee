using Easegress.Specs;

namespace Easegress.Protocols.Http.Signing;

/// <summary>
/// Easegress's signer spec, shared by the Validator's <c>signature</c> (which verifies) and the RequestAdaptor's
/// <c>sign</c> (which signs): the literals, the headers left out, the body rule, and the keys.
/// </summary>
public class SignerSpec : IValidatedSpec
{
    /// <summary>Header, query and text literals; Easegress v2's (<c>X-Date</c>, <c>HMAC-SHA256</c>, …) when absent.</summary>
    public SignatureLiteralSpec? Literal { get; set; }
    /// <summary>Which headers a presigned (query) signature moves into the query; kept for compatibility.</summary>
    public HeaderHoistingSpec? HeaderHoisting { get; set; }
    /// <summary>Headers a signer leaves out (besides Authorization and User-Agent).</summary>
    public List<string>? IgnoredHeaders { get; set; }
    /// <summary>Sign <c>UNSIGNED-PAYLOAD</c> instead of the body's SHA-256.</summary>
    public bool ExcludeBody { get; set; }
    /// <summary>How far a signature's time may be from now, either way; zero accepts any time.</summary>
    [LongDuration]
    public TimeSpan Ttl { get; set; }
    /// <summary>The key a signer signs with.</summary>
    public string? AccessKeyId { get; set; }
    public string? AccessKeySecret { get; set; }
    /// <summary>Access key id → secret: the keys a verifier accepts.</summary>
    public Dictionary<string, string>? AccessKeys { get; set; }

    public virtual void Validate(string path)
    {
        foreach (var (id, secret) in AccessKeys ?? [])
        {
            if (id.Length == 0 || id.Contains('/')) throw new SpecException(SpecException.Join(path, "accessKeys"), $"\"{id}\" is not an access key id (empty, or has a /)");
            if (secret.Length == 0) throw new SpecException(SpecException.Join(SpecException.Join(path, "accessKeys"), id), "the secret must not be empty");
        }
    }

    /// <summary>The literals in force: <see cref="Literal"/>, else Easegress v2's defaults.</summary>
    internal SignatureLiterals Literals => Literal?.ToLiterals() ?? SignatureLiterals.Easegress;
}

/// <summary>
/// The names a signature travels under. Each one left out keeps Easegress v2's default; AWS's are
/// <see cref="SignatureLiterals.Aws4"/>.
/// </summary>
public sealed class SignatureLiteralSpec : IValidatedSpec
{
    public string? ScopeSuffix { get; set; }
    public string? AlgorithmName { get; set; }
    public string? AlgorithmValue { get; set; }
    public string? SignedHeaders { get; set; }
    public string? Signature { get; set; }
    public string? Date { get; set; }
    public string? Expires { get; set; }
    public string? Credential { get; set; }
    public string? ContentSha256 { get; set; }
    /// <summary>Put in front of the secret to start the signing key (<c>AWS4</c> for AWS); may be empty.</summary>
    public string? SigningKeyPrefix { get; set; }

    internal SignatureLiterals ToLiterals()
    {
        var d = SignatureLiterals.Easegress;
        return new SignatureLiterals(
            ScopeSuffix ?? d.ScopeSuffix, AlgorithmName ?? d.AlgorithmName, AlgorithmValue ?? d.AlgorithmValue,
            SignedHeaders ?? d.SignedHeaders, Signature ?? d.Signature, Date ?? d.Date, Expires ?? d.Expires,
            Credential ?? d.Credential, ContentSha256 ?? d.ContentSha256, SigningKeyPrefix ?? d.SigningKeyPrefix);
    }

    public void Validate(string path)
    {
        foreach (var (name, value) in new[]
                 {
                     ("scopeSuffix", ScopeSuffix), ("algorithmName", AlgorithmName), ("algorithmValue", AlgorithmValue),
                     ("signedHeaders", SignedHeaders), ("signature", Signature), ("date", Date), ("expires", Expires),
                     ("credential", Credential), ("contentSha256", ContentSha256),
                 })
        {
            if (value is null) continue;
            if (value.Length == 0 || value.Any(c => c <= ' ' || c is ',' or '/' or '=' or ';' or '\x7f'))
                throw new SpecException(SpecException.Join(path, name), $"\"{value}\" must be a non-empty token (no spaces, ',', '/', '=' or ';')");
        }
    }
}

/// <summary>Easegress's header hoisting: a header moves into the query of a presigned request when it has one of
/// <see cref="AllowedPrefix"/> (or that list is empty), none of <see cref="DisallowedPrefix"/>, and is not
/// <see cref="Disallowed"/>.</summary>
public sealed class HeaderHoistingSpec
{
    public List<string>? AllowedPrefix { get; set; }
    public List<string>? DisallowedPrefix { get; set; }
    public List<string>? Disallowed { get; set; }
}
