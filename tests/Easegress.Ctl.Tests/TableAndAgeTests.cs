using Easegress.Ctl.Output;

namespace Easegress.Ctl.Tests;

public sealed class TableAndAgeTests
{
    [Fact]
    public void Columns_are_as_wide_as_their_widest_cell_and_three_spaces_apart()
    {
        var output = new StringWriter { NewLine = "\n" };

        new Table("NAME", "KIND", "AGE").Add("a-long-name", "Pipeline", "3h").Add("b", "HTTPServer", "").Write(output);

        Assert.Equal("NAME          KIND         AGE\na-long-name   Pipeline     3h\nb             HTTPServer\n", output.ToString());
    }

    [Theory]
    [InlineData(0.4, "0s")]
    [InlineData(42, "42s")]
    [InlineData(90, "2m")]
    [InlineData(3600 * 5 + 60, "5h")]
    [InlineData(86400 * 3 + 3600, "3d")]
    public void Ages_are_in_their_most_significant_unit(double seconds, string expected)
    {
        Assert.Equal(expected, Age.Of(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "1d")]
    [InlineData("2026-01-01T23:00:00+00:00", "1h")]
    [InlineData("", "unknown")]
    [InlineData("yesterday", "unknown")]
    public void Ages_of_rfc3339_times(string time, string expected)
    {
        Assert.Equal(expected, Age.Since(time, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)));
    }
}
