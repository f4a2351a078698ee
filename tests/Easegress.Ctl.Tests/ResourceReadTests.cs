using System.Text.Json;

namespace Easegress.Ctl.Tests;

/// <summary>The kubectl-style reads: <c>get</c>, <c>describe</c>, <c>api-resources</c>, <c>apis</c>.</summary>
public sealed class ResourceReadTests
{
    private static string Ago(TimeSpan age) => DateTimeOffset.UtcNow.Subtract(age).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static async Task<FakeAdminApi> ApiWithObjectsAsync()
    {
        var api = await FakeAdminApi.StartAsync();
        api.Seed(SampleSpecs.Server + $"\ncreatedAt: \"{Ago(TimeSpan.FromHours(3))}\"");
        api.Seed(SampleSpecs.Pipeline + $"\ncreatedAt: \"{Ago(TimeSpan.FromMinutes(10))}\"");
        api.Seed("name: old-pipeline\nkind: Pipeline\nflow: []\n");
        api.MembersBody = $$"""
            [
              {
                "options": {"name": "eg-1", "cluster-role": "primary", "api-addr": "10.0.0.1:2381"},
                "lastHeartbeatTime": "{{Ago(TimeSpan.FromMinutes(3))}}",
                "etcd": {"id": "6a3f0c9e1b2d4f58", "startTime": "{{Ago(TimeSpan.FromDays(2))}}", "state": "Leader"}
              },
              {
                "options": {"name": "eg-2", "cluster-role": "secondary", "api-addr": "10.0.0.2:2381"},
                "lastHeartbeatTime": "{{Ago(TimeSpan.FromMinutes(4))}}"
              }
            ]
            """;
        return api;
    }

    [Theory]
    [InlineData("pipeline")]
    [InlineData("Pipeline")]
    [InlineData("pipelines")]
    [InlineData("pl")]
    public async Task Get_lists_one_kind_as_a_table_by_any_of_its_names(string resource)
    {
        await using var api = await ApiWithObjectsAsync();

        var run = await Egctl.RunAsync(api, "get", resource);

        Assert.Equal(new EgctlRun(0, """
            NAME            KIND       AGE
            old-pipeline    Pipeline   unknown
            pipeline-demo   Pipeline   10m

            """, ""), run);
    }

    [Fact]
    public async Task Get_with_a_name_shows_that_object_and_with_output_its_spec()
    {
        await using var api = await ApiWithObjectsAsync();

        var table = await Egctl.RunAsync(api, "get", "hs", "server-demo");
        var yaml = await Egctl.RunAsync(api, "get", "httpserver", "server-demo", "-o", "yaml");
        var json = await Egctl.RunAsync(api, "get", "pl", "-o", "json");

        Assert.Equal("NAME          KIND         AGE\nserver-demo   HTTPServer   3h\n", table.Out);
        Assert.StartsWith("name: server-demo\nkind: HTTPServer\nport: 10080\n", yaml.Out);
        using var printed = JsonDocument.Parse(json.Out);
        Assert.Equal(["old-pipeline", "pipeline-demo"], printed.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Get_of_a_missing_or_other_kind_object_fails()
    {
        await using var api = await ApiWithObjectsAsync();

        var missing = await Egctl.RunAsync(api, "get", "pl", "ghost");
        var otherKind = await Egctl.RunAsync(api, "get", "pl", "server-demo");

        Assert.Equal(new EgctlRun(1, "", "get Pipeline ghost failed, 404: ghost not found\n"), missing);
        Assert.Equal(new EgctlRun(1, "", "get Pipeline server-demo failed, 404: no such Pipeline server-demo\n"), otherKind);
    }

    [Fact]
    public async Task Get_all_prints_objects_then_members()
    {
        await using var api = await ApiWithObjectsAsync();

        var run = await Egctl.RunAsync(api, "get", "all");

        Assert.Equal(new EgctlRun(0, """
            NAME            KIND         AGE
            old-pipeline    Pipeline     unknown
            pipeline-demo   Pipeline     10m
            server-demo     HTTPServer   3h

            NAME   ROLE        AGE       STATE    API-ADDR        HEARTBEAT
            eg-1   primary     2d        Leader   10.0.0.1:2381   3m ago
            eg-2   secondary   unknown            10.0.0.2:2381   4m ago


            """, ""), run);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("members")]
    [InlineData("m")]
    public async Task Get_member_is_a_table_of_members(string resource)
    {
        await using var api = await ApiWithObjectsAsync();

        var all = await Egctl.RunAsync(api, "get", resource);
        var one = await Egctl.RunAsync(api, "get", resource, "eg-2");
        var missing = await Egctl.RunAsync(api, "get", resource, "eg-9");

        Assert.Equal(3, all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("""
            NAME   ROLE        AGE       STATE   API-ADDR        HEARTBEAT
            eg-2   secondary   unknown           10.0.0.2:2381   4m ago

            """, one.Out);
        Assert.Equal(new EgctlRun(1, "", "get Member eg-9 failed, member eg-9 not found\n"), missing);
    }

    [Fact]
    public async Task Get_passes_the_namespace_flags_and_shows_the_namespace_column()
    {
        await using var api = await ApiWithObjectsAsync();

        var all = await Egctl.RunAsync(api, "get", "hs", "--all-namespaces");
        var other = await Egctl.RunAsync(api, "get", "hs", "--namespace", "eg-ingress");
        var both = await Egctl.RunAsync(api, "get", "hs", "--namespace", "x", "--all-namespaces");

        Assert.Equal("NAME          KIND         NAMESPACE   AGE\nserver-demo   HTTPServer   default     3h\n", all.Out);
        Assert.Equal("NAME   KIND   AGE\n", other.Out);
        Assert.Contains(api.Requests, r => r.Query == "?all-namespaces=true");
        Assert.Contains(api.Requests, r => r.Query == "?namespace=eg-ingress");
        Assert.Equal(new EgctlRun(1, "", "--namespace and --all-namespaces cannot be given together\n"), both);
    }

    [Fact]
    public async Task An_unknown_resource_is_refused()
    {
        await using var api = await ApiWithObjectsAsync();

        var run = await Egctl.RunAsync(api, "get", "teleporters");

        Assert.Equal(new EgctlRun(1, "", "unknown resource: teleporters (see egctl api-resources)\n"), run);
    }

    [Fact]
    public async Task Describe_prints_fields_in_sections_then_every_members_status()
    {
        await using var api = await ApiWithObjectsAsync();

        var run = await Egctl.RunAsync(api, "describe", "pipeline", "pipeline-demo");

        Assert.Equal(0, run.ExitCode);
        var createdAt = api.Stored("pipeline-demo")!["createdAt"]!.GetValue<string>();
        Assert.Equal($"""
            Name: pipeline-demo
            Kind: Pipeline

            Flow:
            =====
              - filter: proxy

            Filters:
            ========
              - name: proxy
                kind: Proxy
                pools:
                - servers:
                  - url: http://127.0.0.1:9095
                  loadBalance:
                    policy: roundRobin

            CreatedAt: "{createdAt}"

            AllStatus:
            ==========
              - node: eg-default-name
                status:
                  health: ready
                  timestamp: 1764110400

            """, run.Out);
        Assert.Equal(["/apis/v2/object-api-resources", "/apis/v2/objects/pipeline-demo", "/apis/v2/status/objects/pipeline-demo"],
            api.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Describe_of_a_kind_separates_objects_and_cuts_long_lines_unless_verbose()
    {
        await using var api = await ApiWithObjectsAsync();
        api.Seed($"name: long\nkind: HTTPServer\nport: 1\naddress: {new string('a', 60)}\nrules: []\n");

        var run = await Egctl.RunAsync(api, "describe", "hs");
        var verbose = await Egctl.RunAsync(api, "describe", "hs", "long", "-v");

        Assert.Contains("\n\n---\n\n", run.Out);
        Assert.Contains($"Address: {new string('a', 50)}...\n", run.Out);
        Assert.Contains("Name: server-demo\nKind: HTTPServer\n\nRules:\n======\n", run.Out);
        Assert.Contains($"Address: {new string('a', 60)}\n", verbose.Out);
    }

    [Fact]
    public async Task Describe_with_output_json_adds_all_status_to_each_spec()
    {
        await using var api = await ApiWithObjectsAsync();

        var run = await Egctl.RunAsync(api, "describe", "pl", "pipeline-demo", "-o", "json");

        using var printed = JsonDocument.Parse(run.Out);
        var spec = Assert.Single(printed.RootElement.EnumerateArray());
        var status = Assert.Single(spec.GetProperty("allStatus").EnumerateArray());
        Assert.Equal("eg-default-name", status.GetProperty("node").GetString());
        Assert.Equal("ready", status.GetProperty("status").GetProperty("health").GetString());
    }

    [Fact]
    public async Task Describe_member_shows_options_heartbeat_and_cluster_state()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "describe", "member", "eg-default-name");

        Assert.Equal(new EgctlRun(0, """
            Name: eg-default-name
            LastHeartbeatTime: "2026-11-25T22:40:00Z"

            Etcd:
            =====
              id: 6a3f0c9e1b2d4f58
              startTime: "2026-11-25T22:39:58Z"
              state: Leader

            Labels: {}
            ClusterName: eg-cluster-default-name
            ClusterRole: primary
            ApiAddr: localhost:2381
            HomeDir: ./
            DataDir: data
            LogDir: log
            Debug: false

            """, ""), run);
    }

    [Fact]
    public async Task Api_resources_lists_kinds_sorted_then_member()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "api-resources");

        Assert.Equal(new EgctlRun(0, """
            NAME           ALIASES          CATEGORY      KIND           ACTION
            httppipeline   httppipelines    Pipeline      HTTPPipeline   create,apply,delete,get,describe
            httpserver     hs,httpservers   TrafficGate   HTTPServer     create,apply,delete,get,describe
            pipeline       pl,pipelines     Pipeline      Pipeline       create,apply,delete,get,describe
            member         m,mem,members                  Member         delete,get,describe

            """, ""), run);
    }

    [Fact]
    public async Task Apis_lists_endpoints_sorted_by_path()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "apis");

        Assert.Equal(new EgctlRun(0, """
            PATH       METHOD   VERSION    GROUP
            /healthz   GET      /apis/v2   admin
            /objects   GET      /apis/v2   object
            /objects   POST     /apis/v2   object

            """, ""), run);
        Assert.Equal("/apis/v2", Assert.Single(api.Requests).Path);
    }
}
