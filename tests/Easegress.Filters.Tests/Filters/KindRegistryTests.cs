using System.Text.Json.Nodes;
using Easegress.Filters.Mock;
using Easegress.Filters.Proxy;
using Easegress.Objects;
using Easegress.Objects.HTTPServer;

namespace Easegress.Filters.Tests.Filters;

/// <summary>The registries refuse kinds they could not run correctly, when they are built (so at the node's start).</summary>
public sealed class KindRegistryTests
{
    public sealed class NoSpec : FilterSpec;

    private sealed class Named(string name, IReadOnlyList<string>? results = null) : FilterKind<NoSpec>
    {
        public override string Name => name;
        public override string Description => name;
        public override IReadOnlyList<string> Results => results ?? [];
        protected override IFilter Create(NoSpec spec, FilterEnvironment environment) => throw new NotSupportedException();
    }

    /// <summary>A kind whose class declares a result constant it forgot to list.</summary>
    private sealed class ForgetfulKind : FilterKind<NoSpec>
    {
        public const string Listed = "listed";
        public const string Forgotten = "forgotten";
        public override string Name => "Forgetful";
        public override string Description => "Forgetful";
        public override IReadOnlyList<string> Results => [Listed];
        protected override IFilter Create(NoSpec spec, FilterEnvironment environment) => throw new NotSupportedException();
    }

    private sealed class ObjectNamed(string name, string category = ObjectCategories.TrafficGate, params string[] aliases) : ObjectKind
    {
        public override string Name => name;
        public override IReadOnlyList<string> Aliases => aliases;
        public override string Category => category;
        public override object Validate(JsonObject document, TrafficEnvironmentShape shape) => document;
        public override Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment) => throw new NotSupportedException();
    }

    [Fact]
    public void The_built_in_kinds_pass_every_check() =>
        Assert.Equal(15, BuiltInKinds.Filters.Kinds.Count());

    [Fact]
    public void Two_filter_kinds_of_one_name_are_refused_naming_both()
    {
        var e = Assert.Throws<KindRegistrationException>(() => new FilterRegistry([new MockKind(), new Named("Mock")]));
        Assert.Equal("filter kinds MockKind and Named are both named \"Mock\"", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_filter_kind_without_a_name_is_refused(string name) =>
        Assert.Contains("has an empty name", Assert.Throws<KindRegistrationException>(() => new FilterRegistry([new Named(name)])).Message);

    [Fact]
    public void Empty_and_repeated_results_are_refused()
    {
        Assert.Equal("filter kind A declares an empty result",
            Assert.Throws<KindRegistrationException>(() => new FilterRegistry([new Named("A", ["ok", ""])])).Message);
        Assert.Equal("filter kind B declares result \"ok\" twice",
            Assert.Throws<KindRegistrationException>(() => new FilterRegistry([new Named("B", ["ok", "ok"])])).Message);
    }

    [Fact]
    public void A_result_constant_missing_from_the_declared_results_is_refused()
    {
        var e = Assert.Throws<KindRegistrationException>(() => new FilterRegistry([new ForgetfulKind()]));
        Assert.Equal("filter kind Forgetful returns result \"forgotten\" (ForgetfulKind.Forgotten) without declaring it in Results", e.Message);
    }

    [Fact]
    public void Object_kinds_refuse_a_shared_name_or_alias_an_empty_name_and_an_unknown_category()
    {
        var shape = new TrafficEnvironmentShape(new FilterRegistry([new ProxyKind()]));
        Assert.Equal("object kinds HTTPServer and Other both answer to \"httpserver\"",
            Assert.Throws<KindRegistrationException>(() => new ObjectKindRegistry([new HttpServerKind(), new ObjectNamed("Other", ObjectCategories.TrafficGate, "httpserver")], shape)).Message);
        Assert.Equal("object kinds A and B both answer to \"a\"",
            Assert.Throws<KindRegistrationException>(() => new ObjectKindRegistry([new ObjectNamed("A"), new ObjectNamed("B", ObjectCategories.Pipeline, "a")], shape)).Message);
        Assert.Contains("has an empty name",
            Assert.Throws<KindRegistrationException>(() => new ObjectKindRegistry([new ObjectNamed("")], shape)).Message);
        Assert.Equal("object kind C has unknown category \"Gateway\"",
            Assert.Throws<KindRegistrationException>(() => new ObjectKindRegistry([new ObjectNamed("C", "Gateway")], shape)).Message);
    }

    [Fact]
    public void A_registry_of_good_kinds_finds_each_by_name()
    {
        var registry = new FilterRegistry([new MockKind(), new Named("Custom", ["done"])]);
        Assert.True(registry.TryGet("Custom", out var custom));
        Assert.Equal(["done"], custom.Results);
        Assert.False(registry.TryGet("custom", out _));   // kind names are exact, as in Easegress
    }
}
