using Easegress.Matching;

namespace Easegress.Filters.Tests.Matching;

/// <summary>Replacements behave as Go's <c>Regexp.ReplaceAllString</c>, which Easegress users write them for.</summary>
public sealed class RegexReplacementTests
{
    [Theory]
    [InlineData("(.*)", "/foo/bar", "prefix${1}", "prefix/foo/bar")]
    [InlineData("a*", "baaac", "X", "XbXcX")]
    [InlineData("^/users/([0-9]+)$", "/users/42", "/people/$1", "/people/42")]
    [InlineData("^/users/(?<id>[0-9]+)$", "/users/7", "/p/$id", "/p/7")]
    [InlineData("^/users/(?<id>[0-9]+)$", "/users/7", "/p/${id}.json", "/p/7.json")]
    [InlineData("^/users/(?P<id>[0-9]+)$", "/users/7", "/p/$id", "/p/7")]   // Go's named-group syntax
    [InlineData("\\(?P<", "P<", "x", "x")]         // an escaped parenthesis is no group
    [InlineData("(x)", "x", "$1y", "")]            // the group named "1y" does not exist
    [InlineData("(x)", "x", "${1}y", "xy")]
    [InlineData("(x)", "x", "$$1", "$1")]
    [InlineData("(x)", "x", "cost: $", "cost: $")]
    [InlineData("(x)", "x", "$9", "")]
    [InlineData("o", "foo", "0", "f00")]
    [InlineData("z", "foo", "0", "foo")]
    public void Replaces_as_Go_does(string pattern, string input, string template, string expected)
    {
        var regex = SpecRegex.Compile(pattern, "regexp");

        Assert.Equal(expected, new RegexReplacement(template).ReplaceAll(regex, input));
    }

    [Fact]
    public void An_input_without_a_match_comes_back_as_it_is()
    {
        const string input = "/unchanged";

        Assert.Same(input, new RegexReplacement("x").ReplaceAll(SpecRegex.Compile("^/other", "regexp"), input));
    }
}
