using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Easegress.Node.Tests;

/// <summary>Filter metadata: kinds, description, JSON Schema and results, under the v2 and the v1 path.</summary>
public sealed class MetadataApiTests : IAsyncLifetime
{
    private InProcessNode _node = null!;

    public async Task InitializeAsync() => _node = await InProcessNode.StartAsync("eg-meta");
    public async Task DisposeAsync() => await _node.DisposeAsync();

    private HttpClient Api => _node.Api;

    [Theory]
    [InlineData("metadata/objects/pipeline/filters")]
    [InlineData("/apis/v1/metadata/objects/httppipeline/filters")]
    public async Task Filter_kinds_are_listed_sorted(string path)
    {
        var kinds = (await Api.GetFromJsonAsync<JsonArray>(path))!.Select(k => k!.GetValue<string>()).ToList();

        Assert.Contains("Proxy", kinds);
        Assert.Contains("Validator", kinds);
        Assert.Equal(kinds.Order(StringComparer.Ordinal), kinds);
    }

    [Fact]
    public async Task A_kind_has_a_description_results_and_a_schema()
    {
        var description = await Api.GetAsync("metadata/objects/pipeline/filters/Validator/description");
        Assert.Equal(HttpStatusCode.OK, description.StatusCode);
        Assert.Contains("validates", await description.Content.ReadAsStringAsync());

        var results = await Api.GetFromJsonAsync<JsonArray>("metadata/objects/pipeline/filters/Proxy/results");
        Assert.Contains("failureCode", results!.Select(r => r!.GetValue<string>()));

        var schema = await Api.GetFromJsonAsync<JsonObject>("/apis/v1/metadata/objects/httppipeline/filters/Proxy/schema");
        Assert.Equal("Proxy", schema!["title"]!.GetValue<string>());
        Assert.Equal(["name", "kind"], schema["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("string", schema["properties"]!["pools"]!["items"]!["properties"]!["servers"]!["items"]!["properties"]!["url"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("description")]
    [InlineData("schema")]
    [InlineData("results")]
    public async Task An_unknown_kind_is_404(string what)
    {
        var response = await Api.GetAsync($"metadata/objects/pipeline/filters/Teleport/{what}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(404, error!["code"]!.GetValue<int>());
        Assert.Contains("Teleport", error["message"]!.GetValue<string>());
    }
}
