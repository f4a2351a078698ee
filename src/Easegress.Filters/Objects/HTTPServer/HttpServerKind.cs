using System.Text.Json.Nodes;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

public sealed class HttpServerKind : ObjectKind
{
    public override string Name => "HTTPServer";
    public override IReadOnlyList<string> Aliases { get; } = ["hs", "httpserver", "httpservers"];
    public override int StartRank => 1;
    public override string Category => ObjectCategories.TrafficGate;
    public override Type SpecType => typeof(HttpServerSpec);

    public override object Validate(JsonObject document, TrafficEnvironmentShape shape)
    {
        var spec = SpecBinder.Bind<HttpServerSpec>(document);
        RouteTable.Build(spec);   // compiles every pattern once, so a bad one is refused at write time
        return spec;
    }

    public override async Task<ITrafficObject> StartAsync(object spec, TrafficEnvironment environment) =>
        await HttpServerRuntime.StartAsync((HttpServerSpec)spec, environment).ConfigureAwait(false);
}
