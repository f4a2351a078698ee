namespace Easegress.Filters.RedirectorV2;

public sealed class RedirectorV2Kind : FilterKind<RedirectorV2Spec>
{
    public const string Redirected = "redirected";

    public override string Name => "RedirectorV2";
    public override string Description => "RedirectorV2 redirects requests the way Gateway API's HTTPRequestRedirectFilter does.";
    public override IReadOnlyList<string> Results { get; } = [Redirected];

    protected override IFilter Create(RedirectorV2Spec spec, FilterEnvironment environment) => new RedirectorV2Filter(spec);
}
