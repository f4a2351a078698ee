using System.Diagnostics;
using System.Net;
using Easegress.Filters.Mock;
using Easegress.Protocols.Http;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Mock;

public sealed class MockTests
{
    private static IAsyncFilter Mock(string rulesYaml) => TestSpecs.Create<IAsyncFilter>("Mock", "rules:\n" + rulesYaml);

    private static RequestContext Request(string path = "/", params (string Name, string Value)[] headers) =>
        Requests.Context(path: path, headers: headers);

    [Fact]
    public async Task A_matching_rule_answers_with_its_code_headers_and_body()
    {
        using var mock = Mock("""
            - match: {path: /users}
              code: 201
              headers: {Content-Type: application/json, X-Mock: "yes"}
              body: '{"id": 1}'
            """);
        var context = Request("/users");

        Assert.Equal(MockKind.Mocked, await mock.HandleAsync(context));

        var response = context.Response!;
        Assert.Equal(201, response.StatusCode);
        Assert.Equal("application/json", response.Headers["Content-Type"].ToString());
        Assert.Equal("yes", response.Headers["X-Mock"].ToString());
        Assert.Equal("{\"id\": 1}", response.BodyText);
    }

    [Fact]
    public async Task A_request_no_rule_matches_passes_untouched()
    {
        using var mock = Mock("- {match: {path: /users}, code: 200}");
        var context = Request("/orders");

        Assert.Equal("", await mock.HandleAsync(context));
        Assert.Null(context.Response);
    }

    [Theory]
    [InlineData("{path: /a}", "/a", true)]
    [InlineData("{path: /a}", "/a/b", false)]
    [InlineData("{pathPrefix: /a}", "/a/b", true)]
    [InlineData("{pathPrefix: /a}", "/b", false)]
    [InlineData("{path: /x, pathPrefix: /a}", "/x", true)]
    [InlineData("{path: /x, pathPrefix: /a}", "/a/1", true)]
    [InlineData("{path: /x, pathPrefix: /a}", "/y", false)]
    [InlineData("{}", "/anything", true)]
    public async Task Path_and_pathPrefix_match_as_in_Easegress(string match, string path, bool mocked)
    {
        using var mock = Mock($"- {{match: {match}, code: 200}}");

        Assert.Equal(mocked ? MockKind.Mocked : "", await mock.HandleAsync(Request(path)));
    }

    [Theory]
    [InlineData("{X-A: {exact: one}}", false, new[] { "X-A", "one" }, true)]
    [InlineData("{X-A: {exact: one}}", false, new[] { "X-A", "two" }, false)]
    [InlineData("{X-A: {prefix: on}}", false, new[] { "X-A", "one" }, true)]
    [InlineData("{X-A: {regex: '^o.e$'}}", false, new[] { "X-A", "one" }, true)]
    [InlineData("{X-A: {empty: true}}", false, new string[0], true)]
    [InlineData("{X-A: {empty: true}}", false, new[] { "X-A", "one" }, false)]
    [InlineData("{X-A: {exact: one}, X-B: {exact: two}}", false, new[] { "X-B", "two" }, true)]
    [InlineData("{X-A: {exact: one}, X-B: {exact: two}}", true, new[] { "X-B", "two" }, false)]
    [InlineData("{X-A: {exact: one}, X-B: {exact: two}}", true, new[] { "X-A", "one", "X-B", "two" }, true)]
    public async Task Headers_match_any_or_with_matchAllHeaders_all(string headers, bool matchAll, string[] sent, bool mocked)
    {
        using var mock = Mock($"- {{match: {{headers: {headers}, matchAllHeaders: {(matchAll ? "true" : "false")}}}, code: 200}}");
        var pairs = sent.Chunk(2).Select(p => (p[0], p[1])).ToArray();

        Assert.Equal(mocked ? MockKind.Mocked : "", await mock.HandleAsync(Request("/", pairs)));
    }

    [Fact]
    public async Task Rules_are_tried_in_order()
    {
        using var mock = Mock("""
            - {match: {pathPrefix: /api/v1}, code: 200, body: first}
            - {match: {pathPrefix: /api}, code: 200, body: second}
            """);
        var v1 = Request("/api/v1/x");
        var v2 = Request("/api/v2/x");

        await mock.HandleAsync(v1);
        await mock.HandleAsync(v2);

        Assert.Equal("first", v1.Response!.BodyText);
        Assert.Equal("second", v2.Response!.BodyText);
    }

    [Fact]
    public async Task The_delay_holds_the_answer_back()
    {
        using var mock = Mock("- {match: {}, code: 200, delay: 300ms}");
        var watch = Stopwatch.StartNew();

        Assert.Equal(MockKind.Mocked, await mock.HandleAsync(Request()));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task A_client_that_goes_away_ends_the_delay()
    {
        using var mock = Mock("- {match: {}, code: 200, delay: 30s}");
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var context = Request();
        context.Http.RequestAborted = gone.Token;

        await mock.HandleAsync(context).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Delayed_answers_wait_side_by_side_without_holding_threads()
    {
        await using var front = await PipelineFront.StartAsync("""
            name: slow-mock
            kind: Pipeline
            filters:
            - name: mock
              kind: Mock
              rules:
              - match: {}
                code: 200
                body: late
                delay: 500ms
            """);
        var watch = Stopwatch.StartNew();

        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => front.Client.GetStringAsync("/")));

        Assert.All(answers, a => Assert.Equal("late", a));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"64 answers delayed 500ms took {watch.Elapsed}");
    }

    [Fact]
    public async Task In_a_pipeline_the_mocked_answer_reaches_the_client()
    {
        await using var front = await PipelineFront.StartAsync("""
            name: mock-demo
            kind: Pipeline
            filters:
            - name: mock
              kind: Mock
              rules:
              - match: {pathPrefix: /health}
                code: 418
                headers: {X-Mock: "yes"}
                body: I am a teapot
            """);

        using var mocked = await front.Client.GetAsync("/health/live");
        using var other = await front.Client.GetAsync("/other");

        Assert.Equal((HttpStatusCode)418, mocked.StatusCode);
        Assert.Equal("yes", Assert.Single(mocked.Headers.GetValues("X-Mock")));
        Assert.Equal("I am a teapot", await mocked.Content.ReadAsStringAsync());
        Assert.Equal(MockKind.Mocked, front.NextResult());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, other.StatusCode);   // the pipeline ended with no response
    }

    [Theory]
    [InlineData("- {match: {}}", "filters[0].rules[0].code: is required")]
    [InlineData("- {code: 200}", "filters[0].rules[0].match: is required")]
    [InlineData("- {match: {}, code: 1000}", "filters[0].rules[0].code: 1000 is not an HTTP status code (100-599)")]
    [InlineData("- {match: {path: users}, code: 200}", "filters[0].rules[0].match.path: must start with /")]
    [InlineData("- {match: {pathPrefix: api}, code: 200}", "filters[0].rules[0].match.pathPrefix: must start with /")]
    [InlineData("- {match: {headers: {X-A: {}}}, code: 200}", "filters[0].rules[0].match.headers.X-A: give exact, prefix, regex or empty")]
    [InlineData("- {match: {headers: {X-A: {regex: '(x'}}}, code: 200}", "filters[0].rules[0].match.headers.X-A.regex: invalid regular expression")]
    [InlineData("- {match: {}, code: 200, delay: soon}", "filters[0].rules[0].delay: must be a duration like 500ms, 10s or 1m30s, not \"soon\"")]
    [InlineData("- {match: {method: GET}, code: 200}", "filters[0].rules[0].match.method: unknown field")]
    public void Bad_rules_are_reported_with_their_path(string rulesYaml, string message)
    {
        Assert.StartsWith(message, TestSpecs.FieldError("Mock", "rules:\n" + rulesYaml));
    }
}
