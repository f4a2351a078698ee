using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>The admin API of one in-process node: every answer and error of the object store.</summary>
public sealed class AdminApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync(output);
    public async Task DisposeAsync() => await _node.DisposeAsync();

    private HttpClient Api => _node.Api;

    private static string Pipeline(string name, string proxyUrl = "http://127.0.0.1:9") => TrafficNode.ProxyPipeline(name, proxyUrl);

    private Task<HttpResponseMessage> Post(string yaml) => Api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
    private Task<HttpResponseMessage> Put(string name, string yaml) => Api.PutAsync($"objects/{name}", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    private static async Task AssertError(HttpResponseMessage response, HttpStatusCode status, string messagePart)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((int)status, body!["code"]!.GetValue<int>());
        Assert.Contains(messagePart, body["message"]!.GetValue<string>());
    }

    private async Task<long> ConfigVersion() =>
        long.Parse((await Api.GetAsync("healthz")).Headers.GetValues("X-Config-Version").Single());

    [Fact]
    public async Task CreateGetUpdateDeleteRoundTrip()
    {
        var before = await ConfigVersion();
        var created = await Post(Pipeline("p1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/apis/v2/objects/p1", created.Headers.Location?.ToString());
        Assert.True(long.Parse(created.Headers.GetValues("X-Config-Version").Single()) > before);

        var spec = await Api.GetFromJsonAsync<JsonObject>("objects/p1");
        Assert.Equal("Pipeline", spec!["kind"]!.GetValue<string>());
        Assert.Equal(["name", "kind", "filters", "createdAt"], spec.Select(kv => kv.Key));   // order as written, then the stamp

        Assert.Equal(HttpStatusCode.OK, (await Put("p1", Pipeline("p1", "http://127.0.0.1:10"))).StatusCode);
        spec = await Api.GetFromJsonAsync<JsonObject>("objects/p1");
        Assert.Equal("http://127.0.0.1:10", spec!["filters"]![0]!["pools"]![0]!["servers"]![0]!["url"]!.GetValue<string>());

        var list = await Api.GetFromJsonAsync<JsonArray>("objects");
        Assert.Contains(list!, o => o!["name"]!.GetValue<string>() == "p1");

        Assert.Equal(HttpStatusCode.OK, (await Api.DeleteAsync("objects/p1")).StatusCode);
        await AssertError(await Api.GetAsync("objects/p1"), HttpStatusCode.NotFound, "p1");
    }

    [Fact]
    public async Task BadSpecsAreRefusedWithTheFieldNamedAndChangeNothing()
    {
        var before = await ConfigVersion();
        await AssertError(await Post("name: [unclosed"), HttpStatusCode.BadRequest, "invalid YAML");
        await AssertError(await Post("kind: Pipeline"), HttpStatusCode.BadRequest, "name: is required");
        await AssertError(await Post("name: x\nkind: Nope"), HttpStatusCode.BadRequest, "kind: unknown kind \"Nope\"");
        await AssertError(await Post("name: a/b\nkind: Pipeline"), HttpStatusCode.BadRequest, "name:");
        await AssertError(await Post("name: x\nkind: Pipeline\nfilters:\n- name: f\n  kind: Teleport"),
            HttpStatusCode.BadRequest, "filters[0].kind: unknown filter kind \"Teleport\"");
        await AssertError(await Post("name: x\nkind: Pipeline\nflow:\n- filter: missing\nfilters: []"),
            HttpStatusCode.BadRequest, "flow[0].filter");
        await AssertError(await Post("name: x\nkind: HTTPServer\nport: notaport\nrules: []"), HttpStatusCode.BadRequest, "port: must be a number");
        await AssertError(await Post(Pipeline("x", "not a url")), HttpStatusCode.BadRequest, "filters[0].pools[0].servers[0].url");
        Assert.Equal(before, await ConfigVersion());
        Assert.Empty((await Api.GetFromJsonAsync<JsonArray>("objects"))!);
    }

    [Fact]
    public async Task ConflictsAndMissingObjects()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("dup"))).StatusCode);
        var version = await ConfigVersion();
        await AssertError(await Post(Pipeline("dup", "http://127.0.0.1:11")), HttpStatusCode.Conflict, "conflict name: dup");
        await AssertError(await Put("dup", Pipeline("other")), HttpStatusCode.BadRequest, "inconsistent name in url and spec");
        await AssertError(await Put("dup", "name: dup\nkind: HTTPServer\nport: 10080\nrules: []"), HttpStatusCode.BadRequest, "different kinds");
        await AssertError(await Put("ghost", Pipeline("ghost")), HttpStatusCode.NotFound, "ghost");
        await AssertError(await Api.DeleteAsync("objects/ghost"), HttpStatusCode.NotFound, "ghost");
        await AssertError(await Api.GetAsync("status/objects/ghost"), HttpStatusCode.NotFound, "ghost");
        Assert.Equal(version, await ConfigVersion());
        var spec = await Api.GetFromJsonAsync<JsonObject>("objects/dup");
        Assert.Equal("http://127.0.0.1:9", spec!["filters"]![0]!["pools"]![0]!["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task KindsMembersStatusAndYaml()
    {
        var kinds = await Api.GetFromJsonAsync<JsonArray>("object-kinds");
        Assert.Equal(["GlobalFilter", "HTTPPipeline", "HTTPServer", "Pipeline"], kinds!.Select(k => k!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("st"))).StatusCode);
        var status = await Api.GetFromJsonAsync<JsonObject>("status/objects/st");
        Assert.True(status!.ContainsKey("default/st/eg-test"));
        Assert.True(status["default/st/eg-test"]!["timestamp"]!.GetValue<long>() > 0);

        var request = new HttpRequestMessage(HttpMethod.Get, "objects/st");
        request.Headers.Accept.ParseAdd("text/x-yaml");
        var yaml = await (await Api.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.StartsWith("name: st\nkind: Pipeline\n", yaml.ReplaceLineEndings("\n"));

        // the v1 base path is the same API, and trailing slashes are ignored
        var v1 = await Api.GetAsync("/apis/v1/objects/st/");
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        var members = await Api.GetFromJsonAsync<JsonArray>("/apis/v1/status/members");
        var me = members!.Single()!;
        Assert.Equal("eg-test", me["options"]!["name"]!.GetValue<string>());
        Assert.Equal("primary", me["options"]!["cluster-role"]!.GetValue<string>());
        Assert.Equal("Leader", me["etcd"]!["state"]!.GetValue<string>());
    }
}
