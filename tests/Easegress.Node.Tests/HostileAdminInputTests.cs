using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>Malformed and hostile specs at every writing endpoint: each is refused with a 4xx and {code, message},
/// nothing changes, and the node keeps answering.</summary>
public sealed class HostileAdminInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync(output, "eg-hostile");
    public async Task DisposeAsync() => await _node.DisposeAsync();

    public static TheoryData<string, string> Specs() => new()
    {
        { "broken yaml", "name: [x\nkind: {" },
        { "broken json", "{\"name\": \"x\", \"kind\": " },
        { "a list, not a mapping", "- name: x\n- kind: Pipeline" },
        { "a scalar", "just words" },
        { "tabs and garbage", "\t\t:\u0000\u0001" },
        { "wrong types", "name: 12\nkind: true" },
        { "name with a slash", "name: ../../etc/passwd\nkind: Pipeline" },
        { "name with a space", "name: a b\nkind: Pipeline" },
        { "unknown kind", "name: x\nkind: Teleporter" },
        { "unknown field", "name: x\nkind: Pipeline\nfilterz: []" },
        { "invalid regexp", "name: x\nkind: HTTPServer\nport: 10080\nrules:\n- paths:\n  - pathRegexp: '(unclosed'\n    backend: p" },
        { "catastrophic regexp", "name: x\nkind: Pipeline\nfilters:\n- name: v\n  kind: Validator\n  headers:\n    X:\n      regexp: '(a+)+$(?<=b)'" },
        { "port out of range", "name: x\nkind: HTTPServer\nport: 70000\nrules: []" },
        { "huge number", "name: x\nkind: HTTPServer\nport: 99999999999999999999999999\nrules: []" },
        { "yaml alias bomb", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\nname: x\nkind: Pipeline" },
        { "deep nesting", "name: x\nkind: Pipeline\ndata: " + string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) },
        { "duplicate keys", "name: x\nname: y\nkind: Pipeline" },
        { "backward jump", "name: x\nkind: Pipeline\nflow:\n- filter: a\n- filter: b\n  jumpIf: {invalid: a}\nfilters:\n- name: a\n  kind: Validator\n  headers: {X: {values: [y]}}\n- name: b\n  kind: Validator\n  headers: {X: {values: [y]}}" },
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public async Task EveryWriteRefusesItAndChangesNothing(string what, string spec)
    {
        var before = await Version();
        foreach (var (method, path) in new[] { (HttpMethod.Post, "objects"), (HttpMethod.Put, "objects/x") })
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(spec, Encoding.UTF8, "application/yaml") };
            using var reply = await _node.Api.SendAsync(request);
            Assert.True((int)reply.StatusCode is >= 400 and < 500, $"{what}: {method} {path} answered {(int)reply.StatusCode}");
            var body = await reply.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal((int)reply.StatusCode, body!["code"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(body["message"]!.GetValue<string>()));
        }
        Assert.Equal(before, await Version());
        Assert.Empty((await _node.Api.GetFromJsonAsync<JsonArray>("objects"))!);
    }

    [Fact]
    public async Task AnOversizedSpecIsRefusedWith413()
    {
        var huge = "name: x\nkind: Pipeline\ndata:\n  blob: \"" + new string('a', 5 * 1024 * 1024) + "\"\n";
        try
        {
            using var reply = await _node.Api.PostAsync("objects", new StringContent(huge, Encoding.UTF8, "application/yaml"));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.StatusCode);
        }
        catch (HttpRequestException e) when (e.InnerException is IOException)
        {
            // the server answered 413 and closed the connection while the client was still sending the body
        }
        Assert.Equal(HttpStatusCode.OK, (await _node.Api.GetAsync("healthz")).StatusCode);
        Assert.Empty((await _node.Api.GetFromJsonAsync<JsonArray>("objects"))!);
    }

    [Theory]
    [InlineData("objects/..%2F..%2Fetc")]
    [InlineData("objects/%00")]
    [InlineData("status/objects/%2e%2e")]
    [InlineData("objects/" + "verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname-verylongname")]
    public async Task OddNamesInPathsAreRefused(string path)
    {
        using var reply = await _node.Api.GetAsync(path);
        Assert.True(reply.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"GET {path}: {(int)reply.StatusCode}");
        using var delete = await _node.Api.DeleteAsync(path);
        Assert.True((int)delete.StatusCode is 400 or 404, $"DELETE {path}: {(int)delete.StatusCode}");
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("-a")]
    [InlineData("~")]
    [InlineData("_a")]
    [InlineData(".hidden")]
    public async Task NamesThatAreNotUrlNamesAreRefusedOnEveryWrite(string name)
    {
        var spec = $"name: \"{name}\"\nkind: Pipeline\nfilters:\n- name: m\n  kind: Mock\n";
        using var created = await _node.Api.PostAsync("objects", new StringContent(spec, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.StartsWith("name:", (await created.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
        using var updated = await _node.Api.PutAsync($"objects/{Uri.EscapeDataString(name)}", new StringContent(spec, Encoding.UTF8, "application/yaml"));
        Assert.True((int)updated.StatusCode is 400 or 404, $"PUT {name}: {(int)updated.StatusCode}");
        Assert.Empty((await _node.Api.GetFromJsonAsync<JsonArray>("objects"))!);
    }

    [Fact]
    public async Task NamesUsersHaveAreStored()
    {
        foreach (var name in new[] { "pipeline-demo", "server_demo", "a.b", "v1~beta", "9lives", "x" })
        {
            var spec = $"name: {name}\nkind: Pipeline\nfilters:\n- name: m\n  kind: Mock\n";
            using var created = await _node.Api.PostAsync("objects", new StringContent(spec, Encoding.UTF8, "application/yaml"));
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{name}: {await created.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.OK, (await _node.Api.DeleteAsync($"objects/{name}")).StatusCode);
        }
    }

    [Fact]
    public async Task AnEncodedNameIsDecodedOnceWithOrWithoutATrailingSlash()
    {
        var spec = "name: v1~beta\nkind: Pipeline\nfilters:\n- name: m\n  kind: Mock\n";
        using var created = await _node.Api.PostAsync("objects", new StringContent(spec, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        foreach (var path in new[] { "objects/v1%7Ebeta", "objects/v1%7Ebeta/", "status/objects/v1%7Ebeta/" })
            Assert.True((await _node.Api.GetAsync(path)).StatusCode == HttpStatusCode.OK, path);
        // "%257E" is "%7E" once decoded: a name no object has, whether the path ends with a slash or not
        foreach (var path in new[] { "objects/v1%257Ebeta", "objects/v1%257Ebeta/" })
        {
            using var reply = await _node.Api.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Contains("v1%7Ebeta", (await reply.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.NotFound, (await _node.Api.DeleteAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await _node.Api.GetAsync("objects/v1~beta")).StatusCode);
    }

    public static TheoryData<string, string> UnrunnableSpecs() => new()
    {
        { "keepAliveTimeout: must be at most 24h", "name: x\nkind: HTTPServer\nport: 10080\nkeepAliveTimeout: 2562047h\nrules: []" },
        { "address: must be an IP address", "name: x\nkind: HTTPServer\nport: 10080\naddress: x\nrules: []" },
        { "filters[0].pools[0].timeout: must be at most 24h",
            "name: x\nkind: Pipeline\nfilters:\n- name: p\n  kind: Proxy\n  pools:\n  - timeout: 1194h\n    servers:\n    - url: http://127.0.0.1:1" },
        { "filters[0].rules[0].delay: must be at most 24h", "name: x\nkind: Pipeline\nfilters:\n- name: m\n  kind: Mock\n  rules:\n  - code: 200\n    delay: 1194h" },
        { "filters[0].host: must not hold control characters", "name: x\nkind: Pipeline\nfilters:\n- name: a\n  kind: RequestAdaptor\n  host: \"\\u2603\\0\"" },
        { "filters[0].rules[0].headers.X-A: must not hold control characters",
            "name: x\nkind: Pipeline\nfilters:\n- name: m\n  kind: Mock\n  rules:\n  - code: 200\n    headers:\n      X-A: \"a\\0b\"" },
        { "filters[0].header.set.X-B: must not hold control characters",
            "name: x\nkind: Pipeline\nfilters:\n- name: a\n  kind: RequestAdaptor\n  header:\n    set:\n      X-B: \"a\\r\\nX-Evil: 1\"" },
    };

    [Theory]
    [MemberData(nameof(UnrunnableSpecs))]
    public async Task SpecsTheNodeCouldNotRunAreRefusedNamingTheField(string message, string spec)
    {
        using var reply = await _node.Api.PostAsync("objects", new StringContent(spec, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.StartsWith(message, (await reply.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
        Assert.Empty((await _node.Api.GetFromJsonAsync<JsonArray>("objects"))!);
    }

    private async Task<string> Version() =>
        (await _node.Api.GetAsync("healthz")).Headers.GetValues("X-Config-Version").Single();
}
