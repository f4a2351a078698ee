namespace Easegress.Filters.Mock;

public sealed class MockKind : FilterKind<MockSpec>
{
    public const string Mocked = "mocked";

    public override string Name => "Mock";
    public override string Description => "Mock answers requests that match its rules with a fixed response.";
    public override IReadOnlyList<string> Results { get; } = [Mocked];

    protected override IFilter Create(MockSpec spec, FilterEnvironment environment) => new MockFilter(spec, environment.Time);
}
