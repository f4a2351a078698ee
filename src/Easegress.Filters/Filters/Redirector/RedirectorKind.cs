namespace Easegress.Filters.Redirector;

public sealed class RedirectorKind : FilterKind<RedirectorSpec>
{
    public const string Redirected = "redirected";

    public override string Name => "Redirector";
    public override string Description => "Redirector answers requests whose URL matches a regular expression with a redirect.";
    public override IReadOnlyList<string> Results { get; } = [Redirected];

    protected override IFilter Create(RedirectorSpec spec, FilterEnvironment environment) => new RedirectorFilter(spec);
}
