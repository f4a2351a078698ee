using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Easegress.Objects;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>A business controller created through the admin API shows in <c>/status/objects</c> (what <c>egctl
/// describe</c> reads) once, under the member that runs it, with that member's name and its own status; deleted, it is
/// gone from there. (The kind exists only in this test: no business controller ships yet.)</summary>
public sealed class ControllerStatusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Member = "eg-test";
    private InProcessNode _node = null!;

    public async Task InitializeAsync()
    {
        var kinds = new ObjectKindRegistry(BuiltInKinds.Objects.Kinds.Append(new GreetingControllerKind()), BuiltInKinds.Shape);
        _node = await InProcessNode.StartAsync(Member, kinds);
        _node.Log.Attach(output);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static StringContent Yaml(string greeting) => new($"""
        name: greeter
        kind: GreetingController
        greeting: {greeting}
        """, Encoding.UTF8, "application/yaml");

    private async Task<JsonNode?> StatusAsync(string path) =>
        (await _node.Api.GetFromJsonAsync<JsonObject>(path))![$"default/greeter/{Member}"];

    private async Task<JsonNode> EventuallyAsync(string path, Func<JsonNode?, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var status = await StatusAsync(path);
            if (condition(status)) return status!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path}: {status?.ToJsonString() ?? "no status"}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Its_status_shows_on_the_member_that_runs_it_and_goes_with_it()
    {
        Assert.Equal(HttpStatusCode.Created, (await _node.Api.PostAsync("objects", Yaml("hello"))).StatusCode);
        var status = await EventuallyAsync("status/objects", s => s?["controller"]?["greeting"]?.GetValue<string>() == "hello");
        Assert.Equal("running", status["state"]!.GetValue<string>());
        Assert.Equal("ok", status["health"]!.GetValue<string>());
        Assert.Equal(Member, status["member"]!.GetValue<string>());
        Assert.Equal("GreetingController", status["kind"]!.GetValue<string>());
        Assert.True(status["timestamp"]!.GetValue<long>() > 0);

        Assert.Equal(HttpStatusCode.OK, (await _node.Api.PutAsync("objects/greeter", Yaml("bonjour"))).StatusCode);
        await EventuallyAsync("status/objects/greeter", s => s?["controller"]?["greeting"]?.GetValue<string>() == "bonjour");

        Assert.Equal(HttpStatusCode.OK, (await _node.Api.DeleteAsync("objects/greeter")).StatusCode);
        await EventuallyAsync("status/objects", s => s is null);
    }

    /// <summary>A business controller whose status is its spec's greeting.</summary>
    private sealed class GreetingControllerKind : ControllerKind
    {
        public override string Name => "GreetingController";
        public override IReadOnlyList<string> Aliases => [];
        public override object Validate(JsonObject document, TrafficEnvironmentShape shape) => document["greeting"]!.GetValue<string>();

        public override Task<IController> StartControllerAsync(object spec, ControllerEnvironment environment) =>
            Task.FromResult<IController>(new Greeter((string)spec));

        private sealed class Greeter(string greeting) : IController
        {
            private volatile string _greeting = greeting;

            public Task UpdateAsync(object spec)
            {
                _greeting = (string)spec;
                return Task.CompletedTask;
            }

            public object Status() => new Dictionary<string, string> { ["greeting"] = _greeting };
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
