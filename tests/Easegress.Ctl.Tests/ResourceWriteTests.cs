namespace Easegress.Ctl.Tests;

/// <summary>The kubectl-style writes: <c>create -f</c>, <c>apply -f</c> and <c>delete</c>.</summary>
public sealed class ResourceWriteTests
{
    private const string ServerAndPipeline = SampleSpecs.ServerAndPipeline;

    [Fact]
    public async Task Create_posts_each_document_and_reports_failures_the_v2_way()
    {
        await using var api = await FakeAdminApi.StartAsync();
        using var file = new TempFile(ServerAndPipeline);

        var created = await Egctl.RunAsync(api, "create", "-f", file.Path);
        var again = await Egctl.RunWithInputAsync(api, ServerAndPipeline, "create", "-f", "-");

        Assert.Equal(new EgctlRun(0, "create HTTPServer server-demo successfully\ncreate Pipeline pipeline-demo successfully\n", ""), created);
        Assert.Equal(new EgctlRun(1, "",
            "create HTTPServer server-demo failed, 409: conflict name: server-demo\n" +
            "create Pipeline pipeline-demo failed, 409: conflict name: pipeline-demo\n" +
            "2 of 2 documents failed\n"), again);
        Assert.Equal(4, api.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Apply_creates_what_is_missing_and_updates_what_exists()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: server-demo\nkind: HTTPServer\nport: 9999\nrules: []\n");
        using var file = new TempFile(ServerAndPipeline);

        var run = await Egctl.RunAsync(api, "apply", "-f", file.Path);

        Assert.Equal(new EgctlRun(0, "update HTTPServer server-demo successfully\ncreate Pipeline pipeline-demo successfully\n", ""), run);
        // the documents go at once; each object's requests in order
        var requests = api.Requests.Select(r => (r.Method, r.Path)).ToList();
        Assert.Equal(4, requests.Count);
        Assert.True(requests.IndexOf(("GET", "/apis/v2/objects/server-demo")) < requests.IndexOf(("PUT", "/apis/v2/objects/server-demo")));
        Assert.Contains(("GET", "/apis/v2/objects/pipeline-demo"), requests);
        Assert.Contains(("POST", "/apis/v2/objects"), requests);
        Assert.Equal(10080L, (long)api.Stored("server-demo")!["port"]!);
    }

    [Fact]
    public async Task Apply_reports_a_refused_update_and_goes_on_with_the_rest()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: server-demo\nkind: Pipeline\n");

        var run = await Egctl.RunWithInputAsync(api, ServerAndPipeline, "apply");

        Assert.Equal(new EgctlRun(1, "create Pipeline pipeline-demo successfully\n",
            "update HTTPServer server-demo failed, 400: different kinds\n1 of 2 documents failed\n"), run);
        Assert.NotNull(api.Stored("pipeline-demo"));
    }

    private static string Pipelines(int count, Func<int, string>? name = null) =>
        string.Join("---\n", Enumerable.Range(0, count).Select(i => $"name: {name?.Invoke(i) ?? $"p-{i:000}"}\nkind: Pipeline\n"));

    [Fact]
    public async Task Apply_of_many_documents_reports_each_in_file_order_and_every_failure()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: p-013\nkind: HTTPServer\nport: 1\nrules: []\n");   // a different kind: its update is refused
        using var file = new TempFile(Pipelines(60));

        var run = await Egctl.RunAsync(api, "apply", "-f", file.Path);

        Assert.Equal(1, run.ExitCode);
        var expected = Enumerable.Range(0, 60).Where(i => i != 13).Select(i => $"create Pipeline p-{i:000} successfully\n");
        Assert.Equal(string.Concat(expected), run.Out);
        Assert.Equal("update Pipeline p-013 failed, 400: different kinds\n1 of 60 documents failed\n", run.Error);
        Assert.All(Enumerable.Range(0, 60).Where(i => i != 13), i => Assert.NotNull(api.Stored($"p-{i:000}")));
    }

    [Fact]
    public async Task Documents_naming_the_same_object_are_sent_in_file_order()
    {
        await using var api = await FakeAdminApi.StartAsync();
        var documents = Enumerable.Range(0, 40).Select(i => $"name: same\nkind: HTTPServer\nport: {1000 + i}\nrules: []\n");
        using var file = new TempFile(string.Join("---\n", documents) + "---\n" + Pipelines(30));

        var run = await Egctl.RunAsync(api, "apply", "-f", file.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(1039L, (long)api.Stored("same")!["port"]!);
        var writes = api.Requests.Where(r => r.Method == "PUT").Select(r => r.Body).ToList();
        Assert.Equal(39, writes.Count);
        Assert.Equal(Enumerable.Range(1, 39).Select(i => $"port: {1000 + i}"), writes.Select(b => b.Split('\n').First(l => l.StartsWith("port:"))));
    }

    [Fact]
    public async Task Many_documents_on_a_terminal_get_a_progress_bar_and_a_summary()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: p-007\nkind: Pipeline\n");
        using var file = new TempFile(Pipelines(50));

        var run = await Egctl.RunOnTerminalAsync(api, "create", "-f", file.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("50 documents: 49 created; 1 failed\n", run.Out);
        // the failure printed on its own line, the bar redrawn in place and cleared at the end
        Assert.Contains("create Pipeline p-007 failed, 409: conflict name: p-007\n", run.Error);
        Assert.Contains("create [##############################] 50/50, 1 failed", run.Error);
        Assert.EndsWith("\r", run.Error);
        Assert.DoesNotContain("successfully", run.Error);
    }

    [Fact]
    public async Task Delete_removes_named_objects_of_the_kind_only()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: a\nkind: Pipeline\n");
        api.Seed("name: b\nkind: Pipeline\n");
        api.Seed("name: s\nkind: HTTPServer\nport: 1\n");

        var wrongKind = await Egctl.RunAsync(api, "delete", "pipeline", "a", "s");
        Assert.Equal(new EgctlRun(1, "", "delete Pipeline a, s failed, no such Pipeline s\n"), wrongKind);
        Assert.NotNull(api.Stored("a"));

        var deleted = await Egctl.RunAsync(api, "delete", "pl", "a", "b");
        Assert.Equal(new EgctlRun(0, "delete Pipeline a successfully\ndelete Pipeline b successfully\n", ""), deleted);
        Assert.Null(api.Stored("b"));
        Assert.NotNull(api.Stored("s"));
    }

    [Fact]
    public async Task Delete_all_of_a_kind_and_delete_from_a_file()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: a\nkind: Pipeline\n");
        api.Seed("name: b\nkind: Pipeline\n");
        api.Seed("name: server-demo\nkind: HTTPServer\nport: 1\n");
        api.Seed("name: pipeline-demo\nkind: Pipeline\n");
        using var file = new TempFile(ServerAndPipeline);

        var fromFile = await Egctl.RunAsync(api, "delete", "-f", file.Path);
        var all = await Egctl.RunAsync(api, "delete", "pipelines", "--all");

        Assert.Equal(new EgctlRun(0, "delete HTTPServer server-demo successfully\ndelete Pipeline pipeline-demo successfully\n", ""), fromFile);
        Assert.Equal(new EgctlRun(0, "delete Pipeline a successfully\ndelete Pipeline b successfully\n", ""), all);
        Assert.Empty((await Egctl.RunAsync(api, "object", "list")).Out.Trim('[', ']', '\n'));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("delete", "pl")]
    [InlineData("delete", "pl", "a", "--all")]
    [InlineData("delete", "pl", "-f", "x.yaml")]
    [InlineData("delete", "member", "--all")]
    public async Task Delete_refuses_incomplete_or_mixed_arguments(params string[] args)
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: a\nkind: Pipeline\n");

        var run = await Egctl.RunAsync(api, args);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.DoesNotContain(api.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Delete_member_purges_it()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var purged = await Egctl.RunAsync(api, "delete", "member", "eg-gone");
        var unknown = await Egctl.RunAsync(api, "delete", "m", "eg-here");

        Assert.Equal(new EgctlRun(0, "purge Member eg-gone successfully\n", ""), purged);
        Assert.Equal(new EgctlRun(1, "", "purge Member eg-here failed, 404: member eg-here not found\n"), unknown);
        Assert.Equal(("DELETE", "/apis/v2/status/members/eg-gone"), (api.Requests[0].Method, api.Requests[0].Path));
    }

    [Fact]
    public async Task Object_delete_all_deletes_every_object_in_one_request()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: a\nkind: Pipeline\n");
        api.Seed("name: s\nkind: HTTPServer\nport: 1\n");

        var run = await Egctl.RunAsync(api, "object", "delete", "--all");
        var neither = await Egctl.RunAsync(api, "object", "delete");

        Assert.Equal(new EgctlRun(0, "delete all objects successfully\n", ""), run);
        var request = Assert.Single(api.Requests);
        Assert.Equal(("DELETE", "/apis/v2/objects", "?all=true"), (request.Method, request.Path, request.Query));
        Assert.Null(api.Stored("a"));
        Assert.Equal(new EgctlRun(1, "", "object delete takes a NAME or --all\n"), neither);
    }
}
