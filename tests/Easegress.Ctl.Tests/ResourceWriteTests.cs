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
        Assert.Equal(new EgctlRun(1, "", "create HTTPServer server-demo failed, 409: conflict name: server-demo\n"), again);
        Assert.Equal(3, api.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Apply_creates_what_is_missing_and_updates_what_exists()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: server-demo\nkind: HTTPServer\nport: 9999\nrules: []\n");
        using var file = new TempFile(ServerAndPipeline);

        var run = await Egctl.RunAsync(api, "apply", "-f", file.Path);

        Assert.Equal(new EgctlRun(0, "update HTTPServer server-demo successfully\ncreate Pipeline pipeline-demo successfully\n", ""), run);
        Assert.Equal(
            [("GET", "/apis/v2/objects/server-demo"), ("PUT", "/apis/v2/objects/server-demo"),
             ("GET", "/apis/v2/objects/pipeline-demo"), ("POST", "/apis/v2/objects")],
            api.Requests.Select(r => (r.Method, r.Path)));
        Assert.Equal(10080L, (long)api.Stored("server-demo")!["port"]!);
    }

    [Fact]
    public async Task Apply_stops_at_a_refused_update()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: server-demo\nkind: Pipeline\n");

        var run = await Egctl.RunWithInputAsync(api, ServerAndPipeline, "apply");

        Assert.Equal(new EgctlRun(1, "", "update HTTPServer server-demo failed, 400: different kinds\n"), run);
        Assert.Null(api.Stored("pipeline-demo"));
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
