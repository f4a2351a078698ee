using System.Text.RegularExpressions;
using Easegress.Matching;
using Easegress.Specs;

namespace Easegress.Filters.Validator;

/// <summary>The spec of a <c>Validator</c>: headers, JWT, signature, OAuth2 and basic auth; every configured method must pass.</summary>
public sealed class ValidatorSpec : FilterSpec, IValidatedSpec
{
    /// <summary>Header name → the values it may have; every listed header must pass.</summary>
    public Dictionary<string, HeaderValidationSpec>? Headers { get; set; }

    public JwtValidationSpec? Jwt { get; set; }

    /// <summary>Easegress's HMAC signature (AWS Signature V4 under configurable names).</summary>
    public SignatureValidationSpec? Signature { get; set; }

    [SpecField("oauth2")] public OAuth2ValidationSpec? OAuth2 { get; set; }

    public BasicAuthSpec? BasicAuth { get; set; }

    public void Validate(string path)
    {
        if ((Headers is null || Headers.Count == 0) && Jwt is null && Signature is null && OAuth2 is null && BasicAuth is null)
            throw new SpecException(SpecException.Join(path, "headers"), "none of the validations are defined");
    }
}

/// <summary>What one header must hold: one of <see cref="Values"/>, or a value matching <see cref="Regexp"/>.</summary>
public sealed class HeaderValidationSpec : IValidatedSpec
{
    public List<string>? Values { get; set; }
    public string? Regexp { get; set; }

    private Regex? _compiled;

    /// <summary>The compiled <see cref="Regexp"/> (null when there is none), compiled once.</summary>
    internal Regex? CompiledRegexp(string path = "regexp") =>
        string.IsNullOrEmpty(Regexp) ? null : _compiled ??= SpecRegex.Compile(Regexp, path);

    public void Validate(string path)
    {
        if ((Values is null || Values.Count == 0) && string.IsNullOrEmpty(Regexp))
            throw new SpecException(path, "neither values nor regexp is specified");
        CompiledRegexp(SpecException.Join(path, "regexp"));
    }
}
