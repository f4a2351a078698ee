namespace Easegress.Node.Tests;

/// <summary>Encoded paths reach the backend as the client encoded them, through rewrites too.</summary>
public sealed partial class HostileTrafficTests
{
    [Theory]
    [InlineData("/api/a%2Fb", "/api/a%2Fb")]
    [InlineData("/api/a%2fb", "/api/a%2fb")]
    [InlineData("/api/%ff", "/api/%ff")]
    [InlineData("/api/100%2541", "/api/100%2541")]
    [InlineData("/api/a%20b/%41", "/api/a%20b/%41")]
    [InlineData("/api/caf%C3%A9", "/api/caf%C3%A9")]
    [InlineData("/pub/group%2Fproject/%ff", "/internal/public/group%2Fproject/%ff")]
    [InlineData("/pub/100%2541", "/internal/public/100%2541")]
    [InlineData("/ra/group%2Fproject/%ff", "/internal/public/group%2Fproject/%ff")]
    [InlineData("/ra/a%2Fb%252F", "/internal/public/a%2Fb%252F")]
    public async Task An_encoded_path_is_forwarded_as_the_client_encoded_it(string target, string forwarded)
    {
        var port = await ServerAsync("encoded");
        var id = Guid.NewGuid().ToString("N");
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"GET {target}?id={id} HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        Assert.Equal($"{forwarded}?id={id}", Assert.Single(traffic.Backend.Received, r => r.Query.Contains(id, StringComparison.Ordinal)).RawTarget);
    }
}
