using YamlDotNet.RepresentationModel;

namespace Easegress.Ctl.Tests;

public sealed class SpecDocumentsTests
{
    [Fact]
    public void Splits_documents_and_skips_empty_ones()
    {
        var specs = SpecDocuments.Parse("""
            ---
            # leading comment
            name: a
            kind: HTTPServer
            ---
            ---
            # only a comment
            ---
            name: b
            kind: Pipeline
            ...
            """, "f.yaml");

        Assert.Equal([("a", "HTTPServer", 1, 3), ("b", "Pipeline", 2, 9)],
            specs.Select(s => (s.Name, s.Kind, s.Number, s.Line)));
        Assert.Equal("name: a\nkind: HTTPServer\n", specs[0].Yaml);
        Assert.Equal("name: b\nkind: Pipeline\n", specs[1].Yaml);
    }

    [Fact]
    public void Keeps_each_document_as_written()
    {
        const string text = """
            name: p
            kind: Pipeline
            quoted: "08"
            single: 'yes'
            body: |
              {"a": 1}
              second line
            flow: {a: [1, 2]}
            """;

        var yaml = Assert.Single(SpecDocuments.Parse(text, "f.yaml")).Yaml;

        var original = new YamlStream();
        original.Load(new StringReader(text));
        var resent = new YamlStream();
        resent.Load(new StringReader(yaml));
        Assert.Equal(original.Documents[0].RootNode, resent.Documents[0].RootNode);
        Assert.Contains("quoted: \"08\"", yaml);
        Assert.Contains("single: 'yes'", yaml);
        Assert.Contains("body: |\n  {\"a\": 1}\n  second line\n", yaml);
    }

    [Theory]
    [InlineData("- a\n- b\n", "document 1 (line 1): an object spec must be a mapping with name and kind")]
    [InlineData("just text\n", "document 1 (line 1): an object spec must be a mapping with name and kind")]
    [InlineData("kind: Pipeline\n", "document 1 (line 1): missing \"name\"")]
    [InlineData("name: a\nkind: Pipeline\n---\nname: b\n", "document 2 (line 4): missing \"kind\"")]
    [InlineData("name: [a]\nkind: Pipeline\n", "document 1 (line 1): \"name\" must be a non-empty string")]
    [InlineData("name: \"\"\nkind: Pipeline\n", "document 1 (line 1): \"name\" must be a non-empty string")]
    [InlineData("name: a\nkind:\n", "document 1 (line 1): \"kind\" must be a non-empty string")]
    [InlineData("", "no object spec found")]
    public void Refuses_documents_without_name_or_kind(string text, string problem)
    {
        var error = Assert.Throws<CtlException>(() => SpecDocuments.Parse(text, "in.yaml"));

        Assert.Equal($"in.yaml: {problem}", error.Message);
    }

    [Fact]
    public void Reports_syntax_errors_with_line_and_column()
    {
        var error = Assert.Throws<CtlException>(() => SpecDocuments.Parse("name: a\nkind: [x\n", "in.yaml"));

        Assert.StartsWith("in.yaml: invalid YAML at line ", error.Message);
    }
}
