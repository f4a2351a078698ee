using Easegress.Specs;

namespace Easegress.Filters.CertExtractor;

/// <summary>
/// The spec of a <c>CertExtractor</c>: which presented certificate (<c>certIndex</c>, negative counts from the end),
/// which of its names (<c>target</c>: <c>subject</c> or <c>issuer</c>), which field of that name, and the request
/// header to add the values to (default <c>tls-{target}-{field}</c>).
/// </summary>
public sealed class CertExtractorSpec : FilterSpec, IValidatedSpec
{
    public static readonly IReadOnlyList<string> Targets = ["subject", "issuer"];

    [RequiredField] public int CertIndex { get; set; }
    [RequiredField] public string Target { get; set; } = "";
    [RequiredField] public string Field { get; set; } = "";
    public string? HeaderKey { get; set; }

    /// <summary>The header the values go to.</summary>
    internal string Header => string.IsNullOrEmpty(HeaderKey) ? $"tls-{Target}-{Field}" : HeaderKey;

    public void Validate(string path)
    {
        if (!Targets.Contains(Target))
            throw new SpecException(SpecException.Join(path, "target"), $"must be one of {string.Join(", ", Targets)}, not '{Target}'");
        if (!NameFields.Oids.ContainsKey(Field))
            throw new SpecException(SpecException.Join(path, "field"), $"must be one of {string.Join(", ", NameFields.Oids.Keys)}, not '{Field}'");
        if (CertIndex is < short.MinValue or > short.MaxValue)
            throw new SpecException(SpecException.Join(path, "certIndex"), $"must be between {short.MinValue} and {short.MaxValue}");
    }
}
