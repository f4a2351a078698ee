using Easegress.Specs;

namespace Easegress.Filters.Tests.Support;

/// <summary>Binds YAML the way a pipeline does: through the registry, at <c>filters[0]</c>.</summary>
internal static class TestSpecs
{
    public const string FilterPath = "filters[0]";

    public static TSpec Filter<TSpec>(string yaml) where TSpec : FilterSpec
    {
        var node = SpecDocument.ParseObject(yaml);
        var kindName = node["kind"]!.GetValue<string>();
        Assert.True(BuiltInKinds.Filters.TryGet(kindName, out var kind), $"kind {kindName} is registered");
        return (TSpec)kind.Bind(node, FilterPath);
    }

    /// <summary>The message of the <see cref="SpecException"/> binding throws.</summary>
    public static string FilterError(string yaml) => Assert.Throws<SpecException>(() => Filter<FilterSpec>(yaml)).Message;

    public static T Object<T>(string yaml) where T : class, new() => SpecBinder.Bind<T>(SpecDocument.ParseObject(yaml));

    public static string ObjectError<T>(string yaml) where T : class, new() =>
        Assert.Throws<SpecException>(() => Object<T>(yaml)).Message;

    public static IFilter Create(FilterSpec spec, FilterEnvironment? environment = null)
    {
        Assert.True(BuiltInKinds.Filters.TryGet(spec.Kind, out var kind));
        return kind.Create(spec, environment ?? FilterEnvironment.Create());
    }

    /// <summary>A filter of <paramref name="kind"/> built from the fields (YAML lines after <c>name</c> and <c>kind</c>).</summary>
    public static TFilter Create<TFilter>(string kind, string fieldsYaml) where TFilter : IFilter =>
        (TFilter)Create(Filter<FilterSpec>(FilterYaml(kind, fieldsYaml)));

    /// <summary>The message of the <see cref="SpecException"/> binding a filter of <paramref name="kind"/> with these fields throws.</summary>
    public static string FieldError(string kind, string fieldsYaml) => FilterError(FilterYaml(kind, fieldsYaml));

    private static string FilterYaml(string kind, string fieldsYaml) => $"name: test\nkind: {kind}\n{fieldsYaml}";
}
