using System.Text.Json;

namespace Easegress.Ctl.Tests;

public sealed class MemberAndHealthTests
{
    [Fact]
    public async Task Member_list_prints_yaml_with_the_keys_the_quick_start_greps()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "member", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""
            - options:
                name: eg-default-name
                labels: {}
                cluster-name: eg-cluster-default-name
                cluster-role: primary
                api-addr: localhost:2381
                home-dir: ./
                data-dir: data
                log-dir: log
                debug: false
              lastHeartbeatTime: "2026-11-25T22:40:00Z"
              etcd:
                id: 6a3f0c9e1b2d4f58
                startTime: "2026-11-25T22:39:58Z"
                state: Leader

            """, run.Out);
        var lines = run.Out.Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Contains("cluster-role: primary", lines);
        Assert.Contains("api-addr: localhost:2381", lines);
        Assert.Contains("state: Leader", lines);
        Assert.Equal("/apis/v2/status/members", Assert.Single(api.Requests).Path);
    }

    [Fact]
    public async Task Member_list_as_json_keeps_the_server_shape()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "-o", "json", "member", "list");

        Assert.Equal(0, run.ExitCode);
        using var printed = JsonDocument.Parse(run.Out);
        var member = Assert.Single(printed.RootElement.EnumerateArray());
        Assert.Equal("primary", member.GetProperty("options").GetProperty("cluster-role").GetString());
        Assert.Equal("Leader", member.GetProperty("etcd").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Health_prints_OK()
    {
        await using var api = await FakeAdminApi.StartAsync();

        var run = await Egctl.RunAsync(api, "health");

        Assert.Equal(new EgctlRun(0, "OK\n", ""), run);
        Assert.Equal("/apis/v2/healthz", Assert.Single(api.Requests).Path);
    }
}
