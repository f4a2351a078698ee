using System.Text;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>
/// What the internet may send to a traffic listener, over real sockets through a real node: request smuggling,
/// oversized requests, hop-by-hop and forged forwarding headers, path traversal against rewrites. See
/// docs/security.md.
/// </summary>
public sealed partial class HostileTrafficTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    /// <summary>A server with three routes to the backend: <c>/api/</c> as it is, <c>/pub/</c> rewritten by
    /// <c>rewriteTarget</c> and <c>/ra/</c> rewritten by a RequestAdaptor, both to <c>/internal/public/</c>.</summary>
    private async Task<int> ServerAsync(string prefix, string extra = "")
    {
        var adapting = traffic.NewName(prefix + "-adaptor");
        await traffic.CreateAsync($"""
            name: {adapting}
            kind: Pipeline
            filters:
            - name: adaptor
              kind: RequestAdaptor
              path:
                trimPrefix: /ra/
                addPrefix: /internal/public/
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {traffic.Backend.Url}
            """);
        return await traffic.StartServerAsync(traffic.NewName(prefix), $"""
            {extra}
            rules:
            - paths:
              - pathPrefix: /api/
                backend: to-backend
              - pathPrefix: /pub/
                rewriteTarget: /internal/public/
                backend: to-backend
              - pathPrefix: /ra/
                backend: {adapting}
            """);
    }

    private static async Task<string> SendAsync(int port, string request)
    {
        using var client = await RawHttp.ConnectAsync(port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.Latin1.GetString(buffer, 0, read));
                if (Complete(answer.ToString())) break;
            }
        }
        catch (IOException) { }   // reset after the answer
        catch (OperationCanceledException) { }
        return answer.ToString();
    }

    /// <summary>One full response (by Content-Length, or the last chunk); otherwise read until the server closes.</summary>
    private static bool Complete(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var head = text[..end];
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)) return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return line is not null && text.Length - end - 4 >= int.Parse(line[15..].Trim());
    }

    private bool Reached(string pathPart) => traffic.Backend.Received.Any(r => r.Path.Contains(pathPart, StringComparison.Ordinal));

    [Theory]
    [InlineData("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n")]
    [InlineData("Content-Length: 4\r\nContent-Length: 40\r\n")]
    [InlineData("Transfer-Encoding: chunked, identity\r\n")]
    [InlineData("Transfer-Encoding : chunked\r\n")]
    [InlineData("Transfer-Encoding:\tchunked\r\nTransfer-Encoding: x\r\n")]
    public async Task Conflicting_body_framing_is_refused_with_400_and_reaches_no_backend(string framing)
    {
        var port = await ServerAsync("smuggle");
        var id = Guid.NewGuid().ToString("N");
        var answer = await SendAsync(port,
            $"POST /api/front-{id} HTTP/1.1\r\nHost: a.test\r\n{framing}\r\n0\r\n\r\nGET /api/smuggled-{id} HTTP/1.1\r\nHost: a.test\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.False(Reached(id), "a request of the smuggling attempt reached the backend");
    }

    [Fact]
    public async Task Oversized_headers_url_and_body_get_431_414_and_413()
    {
        var port = await ServerAsync("oversize", "clientMaxBodySize: 1024");
        Assert.StartsWith("HTTP/1.1 431", await SendAsync(port, $"GET /api/big-header HTTP/1.1\r\nHost: a.test\r\nX-Big: {new string('a', 40_000)}\r\n\r\n"));
        var many = string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: v\r\n"));
        Assert.StartsWith("HTTP/1.1 431", await SendAsync(port, $"GET /api/many-headers HTTP/1.1\r\nHost: a.test\r\n{many}\r\n"));
        Assert.StartsWith("HTTP/1.1 414", await SendAsync(port, $"GET /api/{new string('u', 10_000)} HTTP/1.1\r\nHost: a.test\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 413", await SendAsync(port, $"POST /api/big-body HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5000\r\n\r\n"));
        Assert.False(Reached("/api/big-") || Reached("/api/many-") || Reached("/api/uuuu"));
    }

    [Fact]
    public async Task Hop_by_hop_headers_and_those_named_in_Connection_are_not_forwarded()
    {
        var port = await ServerAsync("hop");
        var id = Guid.NewGuid().ToString("N");
        // Kestrel keeps only the keep-alive or close token of a Connection header that has one, so the names listed
        // here are honoured only without them (docs/security.md)
        var answer = await SendAsync(port, $"GET /api/hop-{id} HTTP/1.1\r\nHost: a.test\r\nConnection: X-Internal-Token, X-Debug\r\n"
            + "X-Internal-Token: secret\r\nX-Debug: 1\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\n"
            + "Proxy-Authorization: Basic eDp5\r\nTE: trailers\r\nUpgrade: h2c\r\nX-Kept: yes\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", answer);
        var headers = Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/hop-{id}").Headers;
        Assert.Equal("yes", headers["X-Kept"]);
        foreach (var hop in new[] { "X-Internal-Token", "X-Debug", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "TE", "Upgrade" })
            Assert.False(headers.ContainsKey(hop), $"{hop} was forwarded");
    }

    [Fact]
    public async Task A_forged_X_Forwarded_For_stays_first_and_the_real_peer_is_appended()
    {
        var port = await ServerAsync("xff-forged", "xForwardedFor: true");
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(port, $"GET /api/xff-{id} HTTP/1.1\r\nHost: a.test\r\nX-Forwarded-For: 10.0.0.1, 8.8.8.8\r\n\r\n");
        var headers = Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/xff-{id}").Headers;
        Assert.Equal("10.0.0.1, 8.8.8.8, 127.0.0.1", headers["X-Forwarded-For"]);
    }

    [Theory]
    [InlineData("/pub/../secret")]
    [InlineData("/pub/%2e%2e/secret")]
    [InlineData("/pub/%2E%2E/%2e%2e/secret")]
    [InlineData("/pub/..%2fsecret")]
    [InlineData("/pub/..%2Fsecret")]
    [InlineData("/pub/.%2e/secret")]
    [InlineData("/pub/%252e%252e/secret")]
    [InlineData("/pub/%25252e%25252e%25252fsecret")]
    [InlineData("/pub/..\\secret")]
    [InlineData("/pub/..%5csecret")]
    [InlineData("/pub/x/../../secret")]
    [InlineData("/pub/..;/secret")]
    [InlineData("/pub/..;jsessionid=1/secret")]
    [InlineData("/pub/.;/..;/secret")]
    [InlineData("/pub/%2e%2e;/secret")]
    public async Task Dot_segments_cannot_climb_out_of_the_rewritten_prefix(string target)
    {
        var port = await ServerAsync("traversal");
        foreach (var attempt in new[] { target, "/ra/" + target[5..] })   // rewriteTarget, then RequestAdaptor
        {
            var id = Guid.NewGuid().ToString("N");
            var answer = await SendAsync(port, $"GET {attempt}?id={id} HTTP/1.1\r\nHost: a.test\r\n\r\n");
            Assert.Matches("^HTTP/1.1 (400|404) ", answer);
            Assert.DoesNotContain(traffic.Backend.Received, r => r.Query.Contains(id, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("/pub/file", "/internal/public/file")]
    [InlineData("/pub/group%2Fproject/raw", "/internal/public/group%2Fproject/raw")]
    [InlineData("/pub/100%25.txt", "/internal/public/100%.txt")]
    [InlineData("/pub/a..b/c.d", "/internal/public/a..b/c.d")]
    [InlineData("/pub/file;v=1/..x;", "/internal/public/file;v=1/..x;")]
    public async Task Ordinary_paths_are_rewritten_and_forwarded(string target, string expected)
    {
        var port = await ServerAsync("rewrite-ok");
        foreach (var attempt in new[] { target, "/ra/" + target[5..] })
        {
            var id = Guid.NewGuid().ToString("N");
            Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"GET {attempt}?id={id} HTTP/1.1\r\nHost: a.test\r\n\r\n"));
            Assert.Equal(expected, Assert.Single(traffic.Backend.Received, r => r.Query.Contains(id, StringComparison.Ordinal)).Path);
        }
    }

    [Fact]
    public async Task Requests_framed_one_way_pass()
    {
        var port = await ServerAsync("framing-ok");
        var id = Guid.NewGuid().ToString("N");
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"POST /api/chunked-{id} HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 200", await SendAsync(port, $"POST /api/length-{id} HTTP/1.1\r\nHost: a.test\r\nContent-Length: 4\r\n\r\nwxyz"));
        Assert.Equal("abcd", Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/chunked-{id}").Body);
        Assert.Equal("wxyz", Assert.Single(traffic.Backend.Received, r => r.Path == $"/api/length-{id}").Body);
    }
}
