using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Node.Tests;

/// <summary>The admin API's v2 additions for egctl: resources, templates, namespaces, delete-all, the API list,
/// and the <c>createdAt</c> stamp.</summary>
public sealed class ObjectResourcesApiTests : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync("eg-resources");
    public async Task DisposeAsync() => await _node.DisposeAsync();

    private HttpClient Api => _node.Api;

    private static string Pipeline(string name, string extra = "") => $"""
        name: {name}
        kind: Pipeline
        {extra}
        filters:
        - name: proxy
          kind: Proxy
          pools:
          - servers:
            - url: http://127.0.0.1:9
        """;

    private Task<HttpResponseMessage> Post(string yaml) => Api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    private async Task<long> ConfigVersion() =>
        long.Parse((await Api.GetAsync("healthz")).Headers.GetValues("X-Config-Version").Single());

    [Fact]
    public async Task Api_resources_give_category_kind_name_and_aliases()
    {
        var resources = (await Api.GetFromJsonAsync<JsonArray>("object-api-resources"))!.Select(r => r!.AsObject()).ToList();

        Assert.Equal(["globalfilter", "httppipeline", "httpserver", "pipeline"], resources.Select(r => r["Name"]!.GetValue<string>()));
        var server = resources.Single(r => r["Kind"]!.GetValue<string>() == "HTTPServer");
        Assert.Equal("TrafficGate", server["Category"]!.GetValue<string>());
        Assert.Equal(["hs", "httpservers"], server["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        var pipeline = resources.Single(r => r["Kind"]!.GetValue<string>() == "Pipeline");
        Assert.Equal("Pipeline", pipeline["Category"]!.GetValue<string>());
        Assert.Contains("pl", pipeline["Aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Theory]
    [InlineData("HTTPServer")]
    [InlineData("httpserver")]
    [InlineData("hs")]
    public async Task A_template_is_a_new_objects_spec_in_yaml(string kind)
    {
        var response = await Api.GetAsync($"objects-yaml/{kind}/my-server");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/x-yaml", response.Content.Headers.ContentType?.MediaType);
        var template = SpecDocument.ParseObject(await response.Content.ReadAsStringAsync());
        Assert.Equal(["name", "kind", "version", "createdAt"], template.Select(kv => kv.Key).Take(4));
        Assert.Equal("my-server", template["name"]!.GetValue<string>());
        Assert.Equal("HTTPServer", template["kind"]!.GetValue<string>());
        Assert.True(template["keepAlive"]!.GetValue<bool>());
        Assert.Equal(10240L, template["maxConnections"]!.GetValue<long>());
        Assert.True(DateTimeOffset.TryParse(template["createdAt"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task A_template_of_an_unknown_kind_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("objects-yaml/Teleport/x")).StatusCode);
    }

    [Fact]
    public async Task Objects_are_listed_by_namespace()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("ns-p"))).StatusCode);

        var all = await Api.GetFromJsonAsync<JsonObject>("objects?all-namespaces=true");
        Assert.Equal(["default"], all!.Select(kv => kv.Key));
        Assert.Equal("ns-p", all!["default"]![0]!["name"]!.GetValue<string>());

        var inDefault = await Api.GetFromJsonAsync<JsonArray>("objects?namespace=default");
        Assert.Single(inDefault!);
        Assert.Empty((await Api.GetFromJsonAsync<JsonArray>("objects?namespace=eg-ingress"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("objects/ns-p?namespace=eg-ingress")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("objects/ns-p?namespace=default")).StatusCode);

        var both = await Api.GetAsync("objects?namespace=default&all-namespaces=true");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("all-namespaces", (await both.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_all_needs_all_true_and_then_deletes_every_object()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("d1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("d2"))).StatusCode);
        var before = await ConfigVersion();

        Assert.Equal(HttpStatusCode.BadRequest, (await Api.DeleteAsync("objects")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.DeleteAsync("objects?all=false")).StatusCode);
        Assert.Equal(2, (await Api.GetFromJsonAsync<JsonArray>("objects"))!.Count);
        Assert.Equal(before, await ConfigVersion());

        var deleted = await Api.DeleteAsync("objects?all=true");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty((await Api.GetFromJsonAsync<JsonArray>("objects"))!);
        Assert.Equal(before + 2, await ConfigVersion());
        Assert.Equal(HttpStatusCode.OK, (await Api.DeleteAsync("objects?all=true")).StatusCode);   // nothing left: still fine
    }

    [Fact]
    public async Task Created_at_is_stamped_unless_the_spec_gives_one()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("stamped"))).StatusCode);
        var stamped = DateTimeOffset.Parse((await Api.GetFromJsonAsync<JsonObject>("objects/stamped"))!["createdAt"]!.GetValue<string>());
        Assert.InRange(stamped, before, DateTimeOffset.UtcNow.AddSeconds(2));

        Assert.Equal(HttpStatusCode.Created, (await Post(Pipeline("given", "createdAt: \"2024-01-02T03:04:05Z\""))).StatusCode);
        Assert.Equal("2024-01-02T03:04:05Z", (await Api.GetFromJsonAsync<JsonObject>("objects/given"))!["createdAt"]!.GetValue<string>());

        var update = await Api.PutAsync("objects/given", new StringContent(Pipeline("given"), Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var restamped = DateTimeOffset.Parse((await Api.GetFromJsonAsync<JsonObject>("objects/given"))!["createdAt"]!.GetValue<string>());
        Assert.True(restamped > before);
    }

    [Fact]
    public async Task The_api_root_lists_every_endpoint_by_group()
    {
        var groups = (await Api.GetFromJsonAsync<JsonArray>("/apis/v2/"))!.Select(g => g!.AsObject()).ToList();

        var entries = groups.SelectMany(g => g["Entries"]!.AsArray().Select(e =>
            (Group: g["Group"]!.GetValue<string>(), Path: e!["path"]!.GetValue<string>(), Method: e["method"]!.GetValue<string>()))).ToList();
        Assert.Contains(("object", "/objects", "POST"), entries);
        Assert.Contains(("object", "/objects/{name}", "DELETE"), entries);
        Assert.Contains(("member", "/status/members", "GET"), entries);
        Assert.Contains(("metadata", "/metadata/objects/pipeline/filters/{kind}/schema", "GET"), entries);
        Assert.DoesNotContain(entries, e => e.Path.StartsWith("/apis", StringComparison.Ordinal));
    }
}
