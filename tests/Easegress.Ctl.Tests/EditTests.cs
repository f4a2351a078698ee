namespace Easegress.Ctl.Tests;

/// <summary><c>egctl edit</c> with <c>$EGCTL_EDITOR</c> set to a non-interactive command.</summary>
public sealed class EditTests
{
    private const string Pipeline = """
        kind: Pipeline
        name: pipeline-demo
        filters:
          - name: proxy
            kind: Proxy
            pools:
              - servers:
                  - url: http://127.0.0.1:9095
        createdAt: "2026-01-02T03:04:05Z"
        """;

    private static Task<EgctlRun> EditAsync(FakeAdminApi api, string editor, params string[] args) =>
        Egctl.RunWithVariablesAsync(api, new Dictionary<string, string> { ["EGCTL_EDITOR"] = editor }, ["edit", .. args]);

    [Fact]
    public async Task A_changed_spec_is_sent_back_with_name_and_kind_on_top()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed(Pipeline);
        var copy = Path.Combine(Path.GetTempPath(), $"egctl-edit-test-{Guid.NewGuid():N}.yaml");

        try
        {
            var run = await EditAsync(api, $"edit() {{ cp \"$1\" '{copy}'; sed -i 's/9095/9096/' \"$1\"; }}; edit", "pipeline", "pipeline-demo");

            Assert.Equal(new EgctlRun(0, "update Pipeline pipeline-demo successfully\n", ""), run);
            Assert.StartsWith("name: pipeline-demo\nkind: Pipeline\n\nfilters:\n", await File.ReadAllTextAsync(copy));
            var put = Assert.Single(api.Requests, r => r.Method == "PUT");
            Assert.Equal("/apis/v2/objects/pipeline-demo", put.Path);
            Assert.Contains("createdAt: \"2026-01-02T03:04:05Z\"", put.Body);
            Assert.Equal("http://127.0.0.1:9096", (string?)api.Stored("pipeline-demo")!["filters"]![0]!["pools"]![0]!["servers"]![0]!["url"]);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public async Task An_unchanged_spec_sends_nothing()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed(Pipeline);

        var run = await EditAsync(api, "true", "pl", "pipeline-demo");

        Assert.Equal(new EgctlRun(0, "edit cancelled, no changes made\n", ""), run);
        Assert.DoesNotContain(api.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task A_renamed_spec_is_refused_and_the_edit_kept()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed(Pipeline);

        var run = await EditAsync(api, "sed -i 's/name: pipeline-demo/name: other/'", "pl", "pipeline-demo");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("edit Pipeline pipeline-demo failed, the file must hold one spec with the same name and kind (kept in ", run.Error);
        var kept = run.Error[(run.Error.IndexOf("kept in ", StringComparison.Ordinal) + "kept in ".Length)..].TrimEnd('\n', ')');
        Assert.Contains("name: other", await File.ReadAllTextAsync(kept));
        File.Delete(kept);
        Assert.DoesNotContain(api.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task A_failing_editor_or_a_member_is_refused()
    {
        await using var api = await FakeAdminApi.StartAsync();
        api.Seed(Pipeline);

        var failing = await EditAsync(api, "false", "pl", "pipeline-demo");
        var member = await EditAsync(api, "true", "member", "eg-default-name");

        Assert.Equal(new EgctlRun(1, "", "the editor \"false\" exited with 1\n"), failing);
        Assert.Equal(new EgctlRun(1, "", "members cannot be edited\n"), member);
    }
}
