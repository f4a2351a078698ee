namespace Easegress.Ctl.Tests;

public sealed class ObjectWriteTests
{
    private const string ServerAndPipeline = SampleSpecs.ServerAndPipeline;

    [Fact]
    public async Task Create_from_a_file_posts_each_document_in_order()
    {
        await using var api = await FakeAdminApi.StartAsync();
        using var file = new TempFile(ServerAndPipeline);

        var run = await Egctl.RunAsync(api, "object", "create", "-f", file.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("create HTTPServer server-demo successfully\ncreate Pipeline pipeline-demo successfully\n", run.Out);
        Assert.Equal("", run.Error);
        var posts = api.Requests;
        Assert.Equal(2, posts.Count);
        Assert.All(posts, r => Assert.Equal(("POST", "/apis/v2/objects"), (r.Method, r.Path)));
        Assert.All(posts, r => Assert.StartsWith("application/yaml", r.ContentType));
        Assert.StartsWith("name: server-demo\nkind: HTTPServer\n", posts[0].Body);
        Assert.DoesNotContain("pipeline-demo\nkind", posts[0].Body);
        Assert.DoesNotContain("---", posts[0].Body);
        Assert.StartsWith("name: pipeline-demo\nkind: Pipeline\n", posts[1].Body);
        Assert.Equal("http://127.0.0.1:9095",
            (string?)api.Stored("pipeline-demo")!["filters"]![0]!["pools"]![0]!["servers"]![0]!["url"]);
        Assert.Equal(10080L, (long)api.Stored("server-demo")!["port"]!);
    }

    [Fact]
    public async Task Create_reads_standard_input_without_f()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunWithInputAsync(api, ServerAndPipeline, "object", "create");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("create HTTPServer server-demo successfully\ncreate Pipeline pipeline-demo successfully\n", run.Out);
        Assert.Equal(2, api.Requests.Count);
        Assert.NotNull(api.Stored("server-demo"));
        Assert.NotNull(api.Stored("pipeline-demo"));
    }

    [Fact]
    public async Task Create_reads_standard_input_with_f_dash_and_alias_o()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunWithInputAsync(api, "name: p1\nkind: Pipeline\n", "o", "create", "-f", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("create Pipeline p1 successfully\n", run.Out);
    }

    [Fact]
    public async Task Create_stops_at_the_first_conflict()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: taken\nkind: Pipeline\n");
        using var file = new TempFile("name: a\nkind: Pipeline\n---\nname: taken\nkind: Pipeline\n---\nname: c\nkind: Pipeline\n");

        var run = await Egctl.RunAsync(api, "object", "create", "-f", file.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("create Pipeline a successfully\n", run.Out);
        Assert.Equal("create Pipeline taken failed: 409: conflict name: taken\n", run.Error);
        Assert.Equal(2, api.Requests.Count);
        Assert.Null(api.Stored("c"));
    }

    [Fact]
    public async Task Create_reports_a_rejected_spec()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunWithInputAsync(api, "name: x\nkind: Nonsense\n", "object", "create");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal("create Nonsense x failed: 400: kind Nonsense not found\n", run.Error);
    }

    [Fact]
    public async Task Create_checks_every_document_before_sending_any()
    {
        await using var api = await FakeAdminApi.StartAsync();
        using var file = new TempFile("name: a\nkind: Pipeline\n---\nname: b\nport: 80\n");

        var run = await Egctl.RunAsync(api, "object", "create", "-f", file.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal($"{file.Path}: document 2 (line 4): missing \"kind\"\n", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Create_reports_invalid_yaml_with_its_line_and_sends_nothing()
    {
        await using var api = await FakeAdminApi.StartAsync();
        using var file = new TempFile("name: a\nkind: Pipeline\n---\nname: b\n kind: x: y\n");

        var run = await Egctl.RunAsync(api, "object", "create", "-f", file.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{file.Path}: invalid YAML at line 5", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Create_with_a_missing_file_names_it_and_sends_nothing()
    {
        await using var api = await FakeAdminApi.StartAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"egctl-missing-{Guid.NewGuid():N}.yaml");

        var run = await Egctl.RunAsync(api, "object", "create", "-f", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"-f: file \"{missing}\" does not exist\n", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Create_with_empty_input_is_an_error()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunWithInputAsync(api, "# nothing here\n---\n", "object", "create");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("standard input: no object spec found\n", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Update_puts_the_spec_under_its_name()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: pipeline-demo\nkind: Pipeline\nflow: []\n");
        using var file = new TempFile("name: pipeline-demo\nkind: Pipeline\nfilters:\n  - name: mock\n    kind: Mock\n");

        var run = await Egctl.RunAsync(api, "obj", "update", "-f", file.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("update Pipeline pipeline-demo successfully\n", run.Out);
        var put = Assert.Single(api.Requests);
        Assert.Equal(("PUT", "/apis/v2/objects/pipeline-demo"), (put.Method, put.Path));
        Assert.Equal("mock", (string?)api.Stored("pipeline-demo")!["filters"]![0]!["name"]);
    }

    [Fact]
    public async Task Update_of_a_missing_object_fails_with_404()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunWithInputAsync(api, "name: ghost\nkind: Pipeline\n", "object", "update");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("update Pipeline ghost failed: 404: ghost not found\n", run.Error);
    }

    [Fact]
    public async Task Update_that_changes_the_kind_fails_with_400()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: p\nkind: Pipeline\n");

        var run = await Egctl.RunWithInputAsync(api, "name: p\nkind: HTTPServer\n", "object", "update");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("update HTTPServer p failed: 400: different kinds\n", run.Error);
    }

    [Fact]
    public async Task Delete_removes_the_object()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: pipeline-demo\nkind: Pipeline\n");

        var run = await Egctl.RunAsync(api, "object", "delete", "pipeline-demo");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("delete pipeline-demo successfully\n", run.Out);
        var delete = Assert.Single(api.Requests);
        Assert.Equal(("DELETE", "/apis/v2/objects/pipeline-demo"), (delete.Method, delete.Path));
        Assert.Null(api.Stored("pipeline-demo"));
    }

    [Fact]
    public async Task Delete_of_a_missing_object_fails_with_404()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "object", "delete", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal("delete ghost failed: 404: ghost not found\n", run.Error);
    }
}
