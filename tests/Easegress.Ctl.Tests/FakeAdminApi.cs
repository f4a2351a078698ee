using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Easegress.Ctl.Tests;

/// <summary>A request the fake admin API received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? ContentType, string Body, string Query = "");

/// <summary>
/// A small in-memory admin API on a real Kestrel socket (127.0.0.1, a free port) that answers as
/// docs/admin-api.md says and records every request it gets.
/// </summary>
internal sealed class FakeAdminApi : IAsyncDisposable
{
    public static readonly string[] Kinds = ["HTTPPipeline", "HTTPServer", "Pipeline"];

    public const string MembersJson = """
        [
          {
            "options": {
              "name": "eg-default-name",
              "labels": {},
              "cluster-name": "eg-cluster-default-name",
              "cluster-role": "primary",
              "api-addr": "localhost:2381",
              "home-dir": "./",
              "data-dir": "data",
              "log-dir": "log",
              "debug": false
            },
            "lastHeartbeatTime": "2026-11-25T22:40:00Z",
            "etcd": { "id": "6a3f0c9e1b2d4f58", "startTime": "2026-11-25T22:39:58Z", "state": "Leader" }
          }
        ]
        """;

    /// <summary>The object kinds as <c>/object-api-resources</c> describes them.</summary>
    public const string ApiResourcesJson = """
        [
          {"Category": "Pipeline", "Kind": "HTTPPipeline", "Name": "httppipeline", "Aliases": ["httppipelines"]},
          {"Category": "TrafficGate", "Kind": "HTTPServer", "Name": "httpserver", "Aliases": ["httpservers", "hs"]},
          {"Category": "Pipeline", "Kind": "Pipeline", "Name": "pipeline", "Aliases": ["pl", "pipelines"]}
        ]
        """;

    /// <summary>A slice of <c>GET /apis/v2/metrics</c>.</summary>
    public const string MetricsText = "# HELP httpserver_health Whether the HTTPServer is running (1) or not (0).\n" +
        "# TYPE httpserver_health gauge\nhttpserver_health{name=\"demo\",kind=\"HTTPServer\"} 1\n";

    /// <summary>A slice of <c>GET /apis/v2</c>.</summary>
    public const string ApisJson = """
        [
          {"Group": "object", "Entries": [{"path": "/objects", "method": "POST"}, {"path": "/objects", "method": "GET"}]},
          {"Group": "admin", "Entries": [{"path": "/healthz", "method": "GET"}]}
        ]
        """;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly object _gate = new();
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private int _version;

    private FakeAdminApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary><c>127.0.0.1:PORT</c>, as given to <c>--server</c>.</summary>
    public string Address { get; private set; } = "";

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>What <c>/status/members</c> answers.</summary>
    public string MembersBody { get; set; } = MembersJson;

    public static async Task<FakeAdminApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeAdminApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Address = new Uri(app.Urls.Single()).Authority;
        return fake;
    }

    /// <summary>Stores an object directly, without recording a request.</summary>
    public void Seed(string yaml)
    {
        var spec = ToJson(yaml);
        lock (_gate)
        {
            _objects[(string)spec["name"]!] = spec;
        }
    }

    public JsonObject? Stored(string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(name, out var spec) ? (JsonObject)spec.DeepClone() : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await new StreamReader(http.Request.Body, Encoding.UTF8).ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        var query = http.Request.QueryString.Value ?? "";
        _requests.Enqueue(new RecordedRequest(http.Request.Method, path, http.Request.ContentType, body, query));

        int status;
        string? json;
        lock (_gate)
        {
            (status, json) = Answer(http.Request.Method, path.TrimEnd('/'), body, http.Request.Query);
            if (status is 200 or 201 && http.Request.Method != "GET")
            {
                _version++;
            }

            http.Response.Headers["X-Config-Version"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        http.Response.StatusCode = status;
        if (json is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(json);
        }
    }

    private (int Status, string? Json) Answer(string method, string path, string body, IQueryCollection query)
    {
        string rest;
        if (path.StartsWith("/apis/v2", StringComparison.Ordinal) || path.StartsWith("/apis/v1", StringComparison.Ordinal))
        {
            rest = path["/apis/v2".Length..];
        }
        else
        {
            return Error(404, $"no such path: {path}");
        }

        switch (method, rest)
        {
            case ("GET", ""):
                return (200, ApisJson);
            case ("GET", "/healthz"):
                return (200, null);
            case ("GET", "/metrics"):
                return (200, MetricsText);
            case ("GET", "/members" or "/status/members"):
                return (200, MembersBody);
            case ("GET", "/object-kinds"):
                return (200, JsonSerializer.Serialize(Kinds));
            case ("GET", "/object-api-resources"):
                return (200, ApiResourcesJson);
            case ("GET", "/objects"):
                return ListObjects(query);
            case ("DELETE", "/objects"):
                if (query["all"] != "true")
                {
                    return Error(400, "deleting every object needs all=true");
                }

                _objects.Clear();
                return (200, null);
            case ("POST", "/objects"):
                return Create(body);
            case ("GET", "/status/objects"):
                return (200, StatusOf(_objects.Keys).ToJsonString());
        }

        if (rest.StartsWith("/objects/", StringComparison.Ordinal))
        {
            var name = Uri.UnescapeDataString(rest["/objects/".Length..]);
            return method switch
            {
                "GET" => _objects.TryGetValue(name, out var spec) ? (200, spec.ToJsonString()) : NotFound(name),
                "PUT" => Update(name, body),
                "DELETE" => _objects.Remove(name) ? (200, null) : NotFound(name),
                _ => Error(405, "method not allowed"),
            };
        }

        if (method == "DELETE" && rest.StartsWith("/status/members/", StringComparison.Ordinal))
        {
            var member = Uri.UnescapeDataString(rest["/status/members/".Length..]);
            return member == "eg-gone" ? (200, null) : Error(404, $"member {member} not found");
        }

        if (method == "GET" && rest.StartsWith("/status/objects/", StringComparison.Ordinal))
        {
            var name = Uri.UnescapeDataString(rest["/status/objects/".Length..]);
            return _objects.ContainsKey(name) ? (200, StatusOf([name]).ToJsonString()) : NotFound(name);
        }

        return Error(404, $"no such path: {path}");
    }

    private (int, string?) ListObjects(IQueryCollection query)
    {
        var all = new JsonArray(_objects.Values.Select(o => (JsonNode)o.DeepClone()).ToArray());
        var ns = query["namespace"].ToString();
        if (query["all-namespaces"] == "true")
        {
            return ns.Length > 0 ? Error(400, "conflict query params") : (200, new JsonObject { ["default"] = all }.ToJsonString());
        }

        return ns.Length > 0 && ns != "default" ? (200, "[]") : (200, all.ToJsonString());
    }

    private (int, string?) Create(string body)
    {
        if (!TryReadSpec(body, out var spec, out var problem))
        {
            return Error(400, problem);
        }

        var name = (string)spec["name"]!;
        if (_objects.ContainsKey(name))
        {
            return Error(409, $"conflict name: {name}");
        }

        _objects[name] = spec;
        return (201, null);
    }

    private (int, string?) Update(string name, string body)
    {
        if (!TryReadSpec(body, out var spec, out var problem))
        {
            return Error(400, problem);
        }

        if ((string)spec["name"]! != name)
        {
            return Error(400, "inconsistent name in url and spec");
        }

        if (!_objects.TryGetValue(name, out var existing))
        {
            return NotFound(name);
        }

        if ((string)existing["kind"]! != (string)spec["kind"]!)
        {
            return Error(400, "different kinds");
        }

        _objects[name] = spec;
        return (200, null);
    }

    private static bool TryReadSpec(string body, out JsonObject spec, out string problem)
    {
        spec = new JsonObject();
        problem = "";
        try
        {
            spec = ToJson(body);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            problem = $"invalid spec: {e.Message}";
            return false;
        }

        if (spec["name"] is not JsonValue || spec["kind"] is not JsonValue)
        {
            problem = "name and kind are required";
            return false;
        }

        if (!Kinds.Contains((string)spec["kind"]!))
        {
            problem = $"kind {(string)spec["kind"]!} not found";
            return false;
        }

        return true;
    }

    private static JsonObject StatusOf(IEnumerable<string> names)
    {
        var map = new JsonObject();
        foreach (var name in names)
        {
            map[$"default/{name}/eg-default-name"] = new JsonObject
            {
                ["health"] = "ready",
                ["timestamp"] = 1764110400,
            };
        }

        return map;
    }

    private static (int, string?) NotFound(string name) => Error(404, $"{name} not found");

    private static (int, string?) Error(int code, string message) =>
        (code, new JsonObject { ["code"] = code, ["message"] = message }.ToJsonString());

    private static JsonObject ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1 || ToJson(stream.Documents[0].RootNode) is not JsonObject spec)
        {
            throw new InvalidOperationException("want one mapping");
        }

        return spec;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => PlainScalar(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static JsonNode? PlainScalar(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
