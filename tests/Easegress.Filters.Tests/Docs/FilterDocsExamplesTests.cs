using System.Text.RegularExpressions;
using Easegress.Objects.HTTPServer;
using Easegress.IpFiltering;
using Easegress.Pipelines;
using Easegress.Specs;

namespace Easegress.Filters.Tests.Docs;

/// <summary>Every YAML example in docs/filters and docs/http-server.md is a valid object as written.</summary>
public sealed class FilterDocsExamplesTests
{
    private static readonly string[] Checked =
    [
        "Proxy.md", "Validator.md", "RequestAdaptor.md", "ResponseAdaptor.md", "Mock.md", "Fallback.md", "CORSAdaptor.md",
        "Redirector.md", "RedirectorV2.md", "HeaderToJSON.md", "RateLimiter.md",
        "CircuitBreaker.md", "Retryer.md", "TimeLimiter.md", "CertExtractor.md",
    ];

    public static TheoryData<string> Pages() => new(Checked);

    [Fact]
    public void Every_page_is_checked()
    {
        var pages = Directory.GetFiles(Path.Combine(DocsDirectory(), "filters"), "*.md").Select(p => Path.GetFileName(p)).Order().ToArray();
        Assert.Equal(Checked.Order().ToArray(), pages);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_example_object_validates(string page)
    {
        var blocks = YamlBlocks(Path.Combine(DocsDirectory(), "filters", page));

        foreach (var document in blocks.SelectMany(SpecDocument.ParseAll))
        {
            switch (document["kind"]!.GetValue<string>())
            {
                case "Pipeline" or "HTTPPipeline":
                    PipelineDefinition.Validate(SpecBinder.Bind<PipelineSpec>(document), BuiltInKinds.Filters);
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

    [Fact]
    public void Every_example_of_the_HTTPServer_page_validates()
    {
        var documents = YamlBlocks(Path.Combine(DocsDirectory(), "http-server.md")).SelectMany(SpecDocument.ParseAll).ToList();

        foreach (var document in documents)
        {
            if (document["kind"] is null) SpecBinder.Bind<IpFilterSpec>(document["ipFilter"], "ipFilter");   // the ipFilter fragment
            else RouteTable.Build(SpecBinder.Bind<HttpServerSpec>(document));
        }
        Assert.Equal(3, documents.Count);
    }

    [Fact]
    public void Every_example_of_the_tracing_page_validates()
    {
        var documents = YamlBlocks(Path.Combine(DocsDirectory(), "tracing.md")).SelectMany(SpecDocument.ParseAll).ToList();

        var servers = 0;
        foreach (var document in documents)
        {
            switch (document["kind"]?.GetValue<string>())
            {
                case null:   // a tracing fragment
                    SpecBinder.Bind<Easegress.Tracing.TracingSpec>(document["tracing"], "tracing");
                    break;
                case "Pipeline":
                    PipelineDefinition.Validate(SpecBinder.Bind<PipelineSpec>(document), BuiltInKinds.Filters);
                    break;
                default:
                    Assert.NotNull(SpecBinder.Bind<HttpServerSpec>(document).Tracing);
                    servers++;
                    break;
            }
        }
        Assert.Equal(5, documents.Count);
        Assert.Equal(2, servers);
    }

    private static List<string> YamlBlocks(string page)
    {
        var text = File.ReadAllText(page);
        var blocks = Regex.Matches(text, "```yaml\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value)
            .Where(b => !b.TrimStart().StartsWith('-'))   // fragments of a filters list
            .ToList();
        Assert.NotEmpty(blocks);
        return blocks;
    }

    private static string DocsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs");
            if (Directory.Exists(Path.Combine(candidate, "filters"))) return candidate;
        }
        throw new DirectoryNotFoundException("docs/filters not found above the test binaries");
    }
}
