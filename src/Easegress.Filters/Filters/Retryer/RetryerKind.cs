namespace Easegress.Filters.Retryer;

public sealed class RetryerKind : FilterKind<RetryerSpec>
{
    public override string Name => "Retryer";
    public override string Description => "Retryer (v1) runs the rest of the flow again while its response has a failure status, per URL rule.";

    /// <summary>None of its own: the result is that of the flow it retried.</summary>
    public override IReadOnlyList<string> Results { get; } = [];

    protected override IFilter Create(RetryerSpec spec, FilterEnvironment environment) => new RetryerFilter(spec, environment);
}
