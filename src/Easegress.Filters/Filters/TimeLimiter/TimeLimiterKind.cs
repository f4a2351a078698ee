namespace Easegress.Filters.TimeLimiter;

public sealed class TimeLimiterKind : FilterKind<TimeLimiterSpec>
{
    public const string Timeout = "timeout";

    public override string Name => "TimeLimiter";
    public override string Description => "TimeLimiter (v1) cancels the rest of the flow when it runs longer than the URL rule's timeout, answering 408.";
    public override IReadOnlyList<string> Results { get; } = [Timeout];

    protected override IFilter Create(TimeLimiterSpec spec, FilterEnvironment environment) => new TimeLimiterFilter(spec, environment);
}
