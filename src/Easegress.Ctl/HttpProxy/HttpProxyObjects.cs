using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;

namespace Easegress.Ctl.HttpProxy;

/// <summary>Certificates for an HTTPS server, base64-encoded: pairs named by their certificate file, and a CA for clients.</summary>
internal sealed record TlsMaterial(IReadOnlyList<(string Name, string Cert, string Key)> Pairs, string? CaCert);

/// <summary>
/// The objects <c>egctl create httpproxy NAME</c> makes: an HTTPServer <c>NAME</c> routing each rule to its own
/// Pipeline <c>NAME-0</c>, <c>NAME-1</c>, ..., whose Proxy balances round-robin over the rule's endpoints. Rules
/// given one after another for the same host share one server rule.
/// </summary>
internal static class HttpProxyObjects
{
    public static IReadOnlyList<SpecDocument> Build(string name, int port, IReadOnlyList<HttpProxyRule> rules, TlsMaterial? tls)
    {
        var pipelines = rules.Select((rule, i) => Pipeline($"{name}-{i}", rule.Endpoints)).ToList();
        var documents = new List<JsonObject> { Server(name, port, rules, tls) };
        documents.AddRange(pipelines);
        return documents.Select((spec, i) => new SpecDocument(
            (string)spec["name"]!, (string)spec["kind"]!, YamlRenderer.Render(JsonSerializer.SerializeToElement(spec)), i + 1, 1)).ToList();
    }

    private static JsonObject Server(string name, int port, IReadOnlyList<HttpProxyRule> rules, TlsMaterial? tls)
    {
        var server = new JsonObject { ["name"] = name, ["kind"] = "HTTPServer", ["port"] = port };
        if (tls is not null)
        {
            server["https"] = true;
            if (tls.Pairs.Count > 0)
            {
                server["certs"] = new JsonObject(tls.Pairs.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Cert)));
                server["keys"] = new JsonObject(tls.Pairs.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Key)));
            }

            if (tls.CaCert is not null)
            {
                server["caCertBase64"] = tls.CaCert;
            }
        }

        var serverRules = new JsonArray();
        string? host = null;
        JsonArray? paths = null;
        for (var i = 0; i < rules.Count; i++)
        {
            if (paths is null || rules[i].Host != host)
            {
                host = rules[i].Host;
                paths = [];
                var rule = new JsonObject();
                if (host.Length > 0)
                {
                    rule["host"] = host;
                }

                rule["paths"] = paths;
                serverRules.Add(rule);
            }

            var path = rules[i].PathPrefix is { } prefix ? new JsonObject { ["pathPrefix"] = prefix } : new JsonObject { ["path"] = rules[i].Path };
            path["backend"] = $"{name}-{i}";
            paths.Add(path);
        }

        server["rules"] = serverRules;
        return server;
    }

    private static JsonObject Pipeline(string name, IReadOnlyList<string> endpoints) => new()
    {
        ["name"] = name,
        ["kind"] = "Pipeline",
        ["flow"] = new JsonArray(new JsonObject { ["filter"] = "proxy" }),
        ["filters"] = new JsonArray(new JsonObject
        {
            ["name"] = "proxy",
            ["kind"] = "Proxy",
            ["pools"] = new JsonArray(new JsonObject
            {
                ["servers"] = new JsonArray(endpoints.Select(e => (JsonNode?)new JsonObject { ["url"] = e }).ToArray()),
                ["loadBalance"] = new JsonObject { ["policy"] = "roundRobin" },
            }),
        }),
    };
}
