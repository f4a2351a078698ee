using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

public sealed class LogsApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync(output, "eg-logs");
    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task TailsTheLogAndChangesTheLevel()
    {
        var tail = await _node.Api.GetStringAsync("logs?tail=3");
        var lines = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 3);
        Assert.All(lines, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d (DEBUG|INFO|WARN|ERROR) \S+ ", l));

        Assert.Equal("info", await _node.Api.GetStringAsync("logs/level"));
        Assert.Equal(HttpStatusCode.OK, (await _node.Api.PutAsync("logs/level/debug", null)).StatusCode);
        Assert.Equal("debug", await _node.Api.GetStringAsync("/apis/v1/logs/level"));
        var bad = await _node.Api.PutAsync("logs/level/trace", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("trace", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await _node.Api.GetAsync("logs?tail=many")).StatusCode);
    }

    [Fact]
    public async Task FollowingStreamsNewLines()
    {
        using var follow = await _node.Api.GetAsync("logs?tail=0&follow=true", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await follow.Content.ReadAsStreamAsync());
        var created = _node.Api.PostAsync("objects", new StringContent(
            "name: followed\nkind: Pipeline\nfilters:\n- name: p\n  kind: Proxy\n  pools:\n  - servers:\n    - url: http://127.0.0.1:9\n",
            Encoding.UTF8, "application/yaml"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        do { line = await reader.ReadLineAsync(timeout.Token); }
        while (line is not null && !line.Contains("followed"));
        Assert.NotNull(line);
        Assert.Equal(HttpStatusCode.Created, (await created).StatusCode);
    }
}
