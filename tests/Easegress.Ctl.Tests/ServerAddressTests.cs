namespace Easegress.Ctl.Tests;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("localhost:2381", "http://localhost:2381/")]
    [InlineData("127.0.0.1:12381", "http://127.0.0.1:12381/")]
    [InlineData("http://localhost:2381", "http://localhost:2381/")]
    [InlineData("http://localhost:2381/", "http://localhost:2381/")]
    [InlineData("https://eg.example.com:2381", "https://eg.example.com:2381/")]
    [InlineData(" localhost:2381 ", "http://localhost:2381/")]
    [InlineData("[::1]:2381", "http://[::1]:2381/")]
    public void Accepts_host_port_with_or_without_scheme(string text, string expected)
    {
        Assert.Equal(new Uri(expected), ServerAddress.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://localhost:2381")]
    [InlineData("http://localhost:2381/apis/v2")]
    [InlineData("localhost:notaport")]
    public void Refuses_anything_else(string text)
    {
        var error = Assert.Throws<CtlException>(() => ServerAddress.Parse(text));

        Assert.StartsWith("--server: ", error.Message);
    }
}
