namespace Easegress.Filters.Validator;

public sealed class ValidatorKind : FilterKind<ValidatorSpec>
{
    public const string Invalid = "invalid";

    public override string Name => "Validator";
    public override string Description => "Validator validates HTTP requests.";
    public override IReadOnlyList<string> Results { get; } = [Invalid];

    protected override IFilter Create(ValidatorSpec spec, FilterEnvironment environment)
    {
        var filter = new ValidatorFilter(spec, environment.Time);
        if (WaitingValidator.Checks(spec, environment) is { Count: > 0 } waiting) return new WaitingValidator(filter, waiting);
        return filter.Costly ? new OffThreadValidator(filter) : filter;
    }
}
