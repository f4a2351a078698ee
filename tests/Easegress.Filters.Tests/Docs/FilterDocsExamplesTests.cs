using System.Text.RegularExpressions;
using Easegress.Filters.Filters;
using Easegress.Filters.HttpServers;
using Easegress.Filters.Pipelines;
using Easegress.Filters.Specs;

namespace Easegress.Filters.Tests.Docs;

/// <summary>Every YAML example in docs/filters is a valid object as written.</summary>
public sealed class FilterDocsExamplesTests
{
    private static readonly string[] Checked =
    [
        "Proxy.md", "Validator.md", "RequestAdaptor.md", "ResponseAdaptor.md", "Mock.md", "Fallback.md", "CORSAdaptor.md",
        "Redirector.md", "RedirectorV2.md", "HeaderToJSON.md",
    ];

    public static TheoryData<string> Pages() => new(Checked);

    [Fact]
    public void Every_page_is_checked()
    {
        var pages = Directory.GetFiles(DocsDirectory(), "*.md").Select(p => Path.GetFileName(p)).Order().ToArray();
        Assert.Equal(Checked.Order().ToArray(), pages);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_example_object_validates(string page)
    {
        var text = File.ReadAllText(Path.Combine(DocsDirectory(), page));
        var blocks = Regex.Matches(text, "```yaml\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value)
            .Where(b => !b.TrimStart().StartsWith('-'))   // fragments of a filters list
            .ToList();
        Assert.NotEmpty(blocks);

        foreach (var document in blocks.SelectMany(SpecDocument.ParseAll))
        {
            switch (document["kind"]!.GetValue<string>())
            {
                case "Pipeline":
                    PipelineDefinition.Validate(SpecBinder.Bind<PipelineSpec>(document), FilterRegistry.Default);
                    break;
                case "HTTPServer":
                    RouteTable.Build(SpecBinder.Bind<HttpServerSpec>(document));
                    break;
                default:
                    Assert.Fail($"{page}: unexpected kind in example");
                    break;
            }
        }
    }

    private static string DocsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "filters");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("docs/filters not found above the test binaries");
    }
}
