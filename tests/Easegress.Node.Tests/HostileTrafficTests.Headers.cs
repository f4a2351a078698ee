using System.Text;

namespace Easegress.Node.Tests;

/// <summary>Hostile Host headers and header values.</summary>
public sealed partial class HostileTrafficTests
{
    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("a.test:99999999999")]
    [InlineData("a.test:x")]
    [InlineData("a..b")]
    [InlineData(".a.test")]
    [InlineData("a.test:80:80")]
    [InlineData("[::1")]
    [InlineData("[zz::1]:80")]
    [InlineData("xn--")]
    [InlineData("xn--zz-")]
    [InlineData("a.xn--.b")]
    public async Task An_invalid_Host_is_refused_with_400_and_reaches_no_backend(string host)
    {
        var port = await ServerAsync("bad-host");
        var id = Guid.NewGuid().ToString("N");
        var answer = await SendAsync(port, $"GET /api/host-{id} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.False(Reached(id), $"a request with Host '{host}' reached the backend");
    }

    [Theory]
    [InlineData("a.test")]
    [InlineData("a.test:8080")]
    [InlineData("A-b_c.Example.")]
    [InlineData("127.0.0.1:65535")]
    [InlineData("[::1]:80")]
    [InlineData("xn--bcher-kva.example")]
    public async Task A_valid_Host_reaches_the_backend_once(string host)
    {
        var port = await ServerAsync("good-host");
        var id = Guid.NewGuid().ToString("N");
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"GET /api/host-{id} HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        Assert.Equal(host, Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/host-{id}").Headers["Host"]);
    }

    [Fact]
    public async Task A_UTF8_header_value_is_forwarded_byte_for_byte()
    {
        var port = await ServerAsync("utf8-header");
        var id = Guid.NewGuid().ToString("N");
        var utf8 = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Bücher ☃"));   // the bytes, one char each
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"GET /api/utf8-{id} HTTP/1.1\r\nHost: a.test\r\nX-Title: {utf8}\r\n\r\n"));
        Assert.Equal("Bücher ☃", Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/utf8-{id}").Headers["X-Title"]);
    }

    [Fact]
    public async Task A_header_value_that_is_not_UTF8_is_refused_with_400()
    {
        var port = await ServerAsync("latin1-header");
        var id = Guid.NewGuid().ToString("N");
        Assert.StartsWith("HTTP/1.1 400", await SendAsync(port, $"GET /api/latin1-{id} HTTP/1.1\r\nHost: a.test\r\nX-Title: B\u00fccher\r\n\r\n"));
        Assert.False(Reached(id));
    }
}
