using System.Text.Json;
using Easegress.Ctl.Output;
using YamlDotNet.RepresentationModel;

namespace Easegress.Ctl.Tests;

public sealed class YamlRendererTests
{
    private static string Render(string json)
    {
        using var document = JsonDocument.Parse(json);
        return YamlRenderer.Render(document.RootElement);
    }

    [Fact]
    public void Keeps_member_order_and_renders_numbers_booleans_and_null_plain()
    {
        Assert.Equal("z: 1\na: 2.5\nm: true\nf: false\no: null\nbig: 12345678901234567890\n",
            Render("""{"z":1,"a":2.5,"m":true,"f":false,"o":null,"big":12345678901234567890}"""));
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("-1.5")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("0o17")]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("off")]
    [InlineData("Y")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData(".inf")]
    [InlineData(".NaN")]
    [InlineData("2026-11-25T22:40:00Z")]
    [InlineData("2026-11-25")]
    [InlineData("12:30:45")]
    [InlineData("<<")]
    public void Quotes_strings_that_would_read_back_as_something_else(string text)
    {
        var yaml = Render(JsonSerializer.Serialize(new Dictionary<string, string> { ["v"] = text }));

        Assert.Equal($"v: \"{text}\"\n", yaml);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("http://127.0.0.1:9095")]
    [InlineData("/pipeline")]
    [InlineData("localhost:2381")]
    [InlineData("roundRobin")]
    [InlineData("6a3f0c9e1b2d4f58")]
    [InlineData("1.2.3.4")]
    public void Leaves_ordinary_strings_plain(string text)
    {
        var yaml = Render(JsonSerializer.Serialize(new Dictionary<string, string> { ["v"] = text }));

        Assert.Equal($"v: {text}\n", yaml);
    }

    [Theory]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData("#comment")]
    [InlineData("x #y")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("@at")]
    [InlineData("`tick")]
    [InlineData("{braces}")]
    [InlineData("[brackets]")]
    [InlineData("  leading space")]
    [InlineData("trailing space ")]
    [InlineData("tab\there")]
    [InlineData("line1\nline2")]
    [InlineData("line1\nline2\n")]
    [InlineData("\nleading newline")]
    [InlineData("  indented\nblock")]
    [InlineData("trailing spaces  \nnext")]
    [InlineData("crlf\r\nline")]
    [InlineData("cr\ronly")]
    [InlineData("next line\u0085x")]
    [InlineData("line separator\u2028x\nmore")]
    [InlineData("bell\u0007")]
    [InlineData("unicode ünïcødé 日本")]
    [InlineData("'single' \"double\"")]
    [InlineData("%percent")]
    [InlineData("|pipe")]
    [InlineData(">gt")]
    [InlineData("?question")]
    [InlineData("key:")]
    public void Strings_read_back_unchanged(string text)
    {
        var yaml = Render(JsonSerializer.Serialize(new Dictionary<string, object> { [text] = new[] { text }, ["v"] = text }));

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var key = (YamlScalarNode)root.Children.Keys.First();
        Assert.Equal(text, key.Value);
        Assert.Equal(text, ((YamlScalarNode)((YamlSequenceNode)root.Children[key]).Children[0]).Value);
        var value = (YamlScalarNode)root.Children[new YamlScalarNode("v")];
        Assert.Equal(text, value.Value);
    }

    [Fact]
    public void Renders_multi_line_text_as_a_literal_block()
    {
        Assert.Equal("body: |-\n  line1\n  line2\n", Render("""{"body":"line1\nline2"}"""));
    }

    [Fact]
    public void Renders_empty_collections_in_flow_style()
    {
        Assert.Equal("labels: {}\nservers: []\n", Render("""{"labels":{},"servers":[]}"""));
    }

    [Fact]
    public void Renders_top_level_scalars_and_sequences()
    {
        Assert.Equal("- a\n- 1\n- - nested\n", Render("""["a",1,["nested"]]"""));
        Assert.Equal("\"42\"\n", Render("\"42\""));
    }
}
