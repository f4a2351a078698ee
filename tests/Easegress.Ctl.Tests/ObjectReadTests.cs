using System.Text.Json;

namespace Easegress.Ctl.Tests;

public sealed class ObjectReadTests
{
    [Fact]
    public async Task Get_prints_the_spec_as_yaml_in_the_order_it_was_written()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("""
            name: server-demo
            kind: HTTPServer
            port: 10080
            keepAlive: true
            https: false
            xForwardedFor: "yes"
            rules:
              - paths:
                  - pathPrefix: /pipeline
                    backend: pipeline-demo
            """);

        var run = await Egctl.RunAsync(api, "object", "get", "server-demo");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""
            name: server-demo
            kind: HTTPServer
            port: 10080
            keepAlive: true
            https: false
            xForwardedFor: "yes"
            rules:
            - paths:
              - pathPrefix: /pipeline
                backend: pipeline-demo

            """, run.Out);
        var get = Assert.Single(api.Requests);
        Assert.Equal(("GET", "/apis/v2/objects/server-demo"), (get.Method, get.Path));
    }

    [Fact]
    public async Task Get_with_output_json_prints_indented_json()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: p\nkind: Pipeline\nflow: []\n");

        var run = await Egctl.RunAsync(api, "object", "get", "p", "-o", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\n  \"name\": \"p\",\n  \"kind\": \"Pipeline\",\n  \"flow\": []\n}\n", run.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Get_of_a_missing_object_prints_code_and_message()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "object", "get", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal("404: ghost not found\n", run.Error);
    }

    [Fact]
    public async Task List_prints_every_spec_as_a_yaml_sequence()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: b\nkind: Pipeline\n");
        api.Seed("name: a\nkind: HTTPServer\nport: 10080\n");

        var run = await Egctl.RunAsync(api, "object", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("- name: a\n  kind: HTTPServer\n  port: 10080\n- name: b\n  kind: Pipeline\n", run.Out);
    }

    [Fact]
    public async Task List_of_nothing_prints_an_empty_sequence()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "object", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[]\n", run.Out);
    }

    [Fact]
    public async Task Kinds_prints_the_kind_names()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "object", "kinds");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("- HTTPPipeline\n- HTTPServer\n- Pipeline\n", run.Out);
        Assert.Equal("/apis/v2/object-kinds", Assert.Single(api.Requests).Path);
    }

    [Fact]
    public async Task Status_get_prints_the_status_map_of_one_object()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: p\nkind: Pipeline\n");

        var run = await Egctl.RunAsync(api, "object", "status", "get", "p");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("default/p/eg-default-name:\n  health: ready\n  timestamp: 1764110400\n", run.Out);
        Assert.Equal("/apis/v2/status/objects/p", Assert.Single(api.Requests).Path);
    }

    [Fact]
    public async Task Status_get_of_a_missing_object_fails_with_404()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "object", "status", "get", "ghost");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("404: ghost not found\n", run.Error);
    }

    [Fact]
    public async Task Status_list_prints_every_object_status_as_json()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed("name: a\nkind: Pipeline\n");
        api.Seed("name: b\nkind: Pipeline\n");

        var run = await Egctl.RunAsync(api, "object", "status", "list", "--output", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["default/a/eg-default-name", "default/b/eg-default-name"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/apis/v2/status/objects", Assert.Single(api.Requests).Path);
    }
}
