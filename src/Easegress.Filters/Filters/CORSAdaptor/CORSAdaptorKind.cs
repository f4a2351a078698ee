namespace Easegress.Filters.CORSAdaptor;

public sealed class CORSAdaptorKind : FilterKind<CORSAdaptorSpec>
{
    public const string Preflighted = "preflighted";
    public const string Rejected = "rejected";

    public override string Name => "CORSAdaptor";
    public override string Description => "CORSAdaptor answers CORS preflight requests and adds CORS headers to responses.";
    public override IReadOnlyList<string> Results { get; } = [Preflighted, Rejected];

    protected override IFilter Create(CORSAdaptorSpec spec, FilterEnvironment environment) => new CORSAdaptorFilter(new CorsPolicy(spec));
}
