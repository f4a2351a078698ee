using Easegress.Objects.HTTPServer;

namespace Easegress.Filters.Tests.Support;

/// <summary>Route tables compiled from the YAML of an HTTPServer's rules, the way the server compiles them.</summary>
internal static class TestRoutes
{
    /// <param name="rulesYaml">The items of <c>rules</c>.</param>
    /// <param name="extra">More server fields (<c>routerKind: RadixTree</c>, <c>ipFilter: …</c>).</param>
    public static RouteTable Table(string rulesYaml, string extra = "") => RouteTable.Build(TestSpecs.Object<HttpServerSpec>($"""
        name: server
        kind: HTTPServer
        port: 10080
        {extra}
        rules:
        {rulesYaml}
        """));
}
