namespace Easegress.Filters.CertExtractor;

public sealed class CertExtractorKind : FilterKind<CertExtractorSpec>
{
    public override string Name => "CertExtractor";
    public override string Description => "CertExtractor extracts given field from TLS certificates and sets it to request headers.";
    public override IReadOnlyList<string> Results { get; } = [];

    /// <summary>It changes the request only, so a Proxy before it keeps streaming.</summary>
    public override bool UsesResponse => false;

    protected override IFilter Create(CertExtractorSpec spec, FilterEnvironment environment) => new CertExtractorFilter(spec);
}
