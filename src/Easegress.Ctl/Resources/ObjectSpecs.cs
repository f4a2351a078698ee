using System.Text.Json.Nodes;

namespace Easegress.Ctl.Resources;

/// <summary>An object's spec and the namespace it was listed in.</summary>
internal sealed record ScopedSpec(string Namespace, JsonObject Spec)
{
    public string Name => JsonFields.Text(Spec, "name");

    public string Kind => JsonFields.Text(Spec, "kind");

    public string CreatedAt => JsonFields.Text(Spec, "createdAt");
}

/// <summary>
/// Object specs as the admin API answers them: one spec (<c>/objects/NAME</c>), a list (<c>/objects</c>), or a map
/// namespace → list (<c>/objects?all-namespaces=true</c>).
/// </summary>
internal static class ObjectSpecs
{
    public static IReadOnlyList<ScopedSpec> Read(JsonNode? body, NamespaceScope scope)
    {
        var home = string.IsNullOrEmpty(scope.Namespace) ? NamespaceScope.DefaultNamespace : scope.Namespace;
        return body switch
        {
            JsonArray list => JsonFields.Objects(list).Select(spec => new ScopedSpec(home, spec)).ToList(),
            JsonObject map when scope.AllNamespaces => map
                .SelectMany(ns => JsonFields.Objects(ns.Value).Select(spec => new ScopedSpec(ns.Key, spec)))
                .ToList(),
            JsonObject spec => [new ScopedSpec(home, spec)],
            _ => [],
        };
    }

    /// <summary>The specs of one kind, <c>default</c> namespace first, then by namespace and name.</summary>
    public static IReadOnlyList<ScopedSpec> OfKind(IEnumerable<ScopedSpec> specs, string? kind) => specs
        .Where(s => kind is null || s.Kind == kind)
        .OrderBy(s => s.Namespace != NamespaceScope.DefaultNamespace)
        .ThenBy(s => s.Namespace, StringComparer.Ordinal)
        .ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The specs as JSON again, in the shape the scope reads: a map namespace → list, or a list.</summary>
    public static JsonNode ToJson(IReadOnlyList<ScopedSpec> specs, NamespaceScope scope)
    {
        if (!scope.AllNamespaces)
        {
            return new JsonArray(specs.Select(s => (JsonNode?)s.Spec.DeepClone()).ToArray());
        }

        var map = new JsonObject();
        foreach (var group in specs.GroupBy(s => s.Namespace))
        {
            map[group.Key] = new JsonArray(group.Select(s => (JsonNode?)s.Spec.DeepClone()).ToArray());
        }

        return map;
    }

    /// <summary>Table <c>NAME KIND AGE</c> (<c>NAME KIND NAMESPACE AGE</c> across namespaces).</summary>
    public static Output.Table Table(IReadOnlyList<ScopedSpec> specs, NamespaceScope scope, DateTimeOffset now)
    {
        var table = scope.AllNamespaces ? new Output.Table("NAME", "KIND", "NAMESPACE", "AGE") : new Output.Table("NAME", "KIND", "AGE");
        foreach (var spec in specs)
        {
            var age = Output.Age.Since(spec.CreatedAt, now);
            table.Add(scope.AllNamespaces ? [spec.Name, spec.Kind, spec.Namespace, age] : [spec.Name, spec.Kind, age]);
        }

        return table;
    }

    public const string StatusField = "allStatus";

    /// <summary>
    /// The specs with <c>allStatus</c> added: <c>[{node, status}]</c> from a <c>/status/objects</c> answer (keys
    /// <c>namespace/object/member</c>), by member name.
    /// </summary>
    public static IReadOnlyList<ScopedSpec> WithStatus(IReadOnlyList<ScopedSpec> specs, JsonNode? statuses)
    {
        var byObject = (statuses as JsonObject ?? [])
            .Select(kv => (Key: kv.Key.Split('/'), Status: kv.Value))
            .Where(e => e.Key.Length == 3)
            .ToLookup(e => (Namespace: e.Key[0], Name: e.Key[1]), e => (Node: e.Key[2], e.Status));
        return specs.Select(spec =>
        {
            var copy = (JsonObject)spec.Spec.DeepClone();
            var entries = byObject[(spec.Namespace, spec.Name)].Concat(byObject[("eg-traffic-" + spec.Namespace, spec.Name)]);
            copy[StatusField] = new JsonArray(entries
                .OrderBy(e => e.Node, StringComparer.Ordinal)
                .Select(e => (JsonNode?)new JsonObject { ["node"] = e.Node, ["status"] = e.Status?.DeepClone() })
                .ToArray());
            return spec with { Spec = copy };
        }).ToList();
    }
}
