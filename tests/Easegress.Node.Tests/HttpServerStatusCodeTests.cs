using System.Net;

namespace Easegress.Node.Tests;

/// <summary>The status codes the HTTPServer answers by itself, row by row, through a real listener.</summary>
public sealed class HttpServerStatusCodeTests(TrafficNode traffic) : IClassFixture<TrafficNode>
{
    [Fact]
    public async Task Every_status_of_the_servers_own_table()
    {
        var silent = traffic.NewName("silent");
        await traffic.CreateAsync($"""
            name: {silent}
            kind: Pipeline
            filters:
            - name: adapt
              kind: RequestAdaptor
              header: {"{"}set: {"{"}X-Seen: "yes"{"}"}{"}"}
            """);
        var port = await traffic.StartServerAsync(traffic.NewName("status"), $"""
            rules:
            - paths:
              - path: /ok
                backend: {TrafficNode.Pipeline}
              - path: /blocked
                ipFilter: {"{"}blockIPs: [127.0.0.1]{"}"}
                backend: {TrafficNode.Pipeline}
              - path: /post-only
                methods: [POST]
                backend: {TrafficNode.Pipeline}
              - path: /needs-header
                headers: [{"{"}key: X-Need, values: ["yes"]{"}"}]
                backend: {TrafficNode.Pipeline}
              - path: /needs-query
                queries: [{"{"}key: q, values: ["1"]{"}"}]
                backend: {TrafficNode.Pipeline}
              - path: /no-pipeline
                backend: {traffic.NewName("never-created")}
              - path: /silent
                backend: {silent}
              - path: /small
                clientMaxBodySize: 8
                backend: {TrafficNode.Pipeline}
            """);
        using var client = TrafficNode.PlainClient();
        var url = $"http://127.0.0.1:{port}";

        async Task Expect(HttpStatusCode expected, HttpMethod method, string path, string? header = null, HttpContent? body = null)
        {
            using var request = new HttpRequestMessage(method, url + path) { Content = body };
            if (header is not null) request.Headers.Add("X-Need", header);
            using var response = await client.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}");
        }

        await Expect(HttpStatusCode.OK, HttpMethod.Get, "/ok");
        await Expect(HttpStatusCode.Forbidden, HttpMethod.Get, "/blocked");                 // ipFilter
        await Expect(HttpStatusCode.NotFound, HttpMethod.Get, "/nowhere");                  // no rule or path
        await Expect(HttpStatusCode.MethodNotAllowed, HttpMethod.Get, "/post-only");        // path matched, method not
        await Expect(HttpStatusCode.BadRequest, HttpMethod.Get, "/needs-header");           // headers mismatched
        await Expect(HttpStatusCode.BadRequest, HttpMethod.Get, "/needs-header", "no");
        await Expect(HttpStatusCode.OK, HttpMethod.Get, "/needs-header", "yes");
        await Expect(HttpStatusCode.BadRequest, HttpMethod.Get, "/needs-query?q=2");        // queries mismatched
        await Expect(HttpStatusCode.OK, HttpMethod.Get, "/needs-query?q=1");
        await Expect(HttpStatusCode.ServiceUnavailable, HttpMethod.Get, "/no-pipeline");    // backend pipeline missing
        await Expect(HttpStatusCode.ServiceUnavailable, HttpMethod.Get, "/silent");         // pipeline ended without a response
        await Expect(HttpStatusCode.RequestEntityTooLarge, HttpMethod.Post, "/small", body: new ByteArrayContent(new byte[9]));
        await Expect(HttpStatusCode.OK, HttpMethod.Post, "/small", body: new ByteArrayContent(new byte[8]));

        // error reading the body: a chunk size that is not hex
        using var connection = await RawHttp.ConnectAsync(port);
        var head = await RawHttp.SendAsync(connection.GetStream(),
            "POST /ok HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        Assert.NotNull(head);
        Assert.StartsWith("HTTP/1.1 400 ", head);
    }
}
