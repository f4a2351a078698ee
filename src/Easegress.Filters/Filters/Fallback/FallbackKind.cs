namespace Easegress.Filters.Fallback;

public sealed class FallbackKind : FilterKind<FallbackSpec>
{
    public const string Fallback = "fallback";
    public const string ResponseNotFound = "responseNotFound";

    public override string Name => "Fallback";
    public override string Description => "Fallback replaces the response (status, headers, body) with a fixed one.";
    public override IReadOnlyList<string> Results { get; } = [Fallback, ResponseNotFound];

    protected override IFilter Create(FallbackSpec spec, FilterEnvironment environment) => new FallbackFilter(spec);
}
