using System.Text.Json.Nodes;
using Easegress.Objects.HTTPServer;
using Easegress.Pipelines;
using Easegress.Filters.Proxy;
using Easegress.Specs;

namespace Easegress.Filters.Tests.Specs;

public sealed class SpecSchemaTests
{
    private static JsonObject Property(JsonNode schema, params string[] path)
    {
        var node = schema;
        foreach (var step in path)
        {
            node = step == "[]" ? node["items"]! : node["properties"]![step]!;
        }
        return node.AsObject();
    }

    [Fact]
    public void A_filter_schema_names_fields_as_specs_write_them_with_base_fields_first()
    {
        var schema = SpecSchema.For(typeof(ProxySpec), "Proxy");

        Assert.Equal(SpecSchema.Dialect, (string?)schema["$schema"]);
        Assert.Equal("Proxy", (string?)schema["title"]);
        Assert.Equal("object", (string?)schema["type"]);
        Assert.False((bool)schema["additionalProperties"]!);
        Assert.Equal(["name", "kind"], schema["properties"]!.AsObject().Select(p => p.Key).Take(2));
        Assert.Equal(["name", "kind"], schema["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("array", (string?)Property(schema, "pools")["type"]);
        Assert.Equal("string", (string?)Property(schema, "pools", "[]", "servers", "[]", "url")["type"]);
        Assert.Equal(["url"], Property(schema, "pools", "[]", "servers", "[]")["required"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("integer", (string?)Property(schema, "pools", "[]", "servers", "[]", "weight")["type"]);
        Assert.Equal("boolean", (string?)Property(schema, "pools", "[]", "servers", "[]", "keepHost")["type"]);
        Assert.Equal("duration", (string?)Property(schema, "pools", "[]", "timeout")["format"]);
        Assert.Equal("integer", (string?)Property(schema, "failureCodes", "[]")["type"]);
        Assert.Empty(Property(schema, "fallback"));   // raw JSON: any value
    }

    [Fact]
    public void Maps_are_objects_whose_values_have_a_schema()
    {
        var schema = SpecSchema.For(typeof(PoolFilterSpec));

        var headers = Property(schema, "headers");
        Assert.Equal("object", (string?)headers["type"]);
        Assert.Equal("object", (string?)headers["additionalProperties"]!["type"]);
        Assert.Equal("string", (string?)headers["additionalProperties"]!["properties"]!["exact"]!["type"]);
    }

    [Fact]
    public void Defaults_of_a_new_spec_are_stated()
    {
        var schema = SpecSchema.For(typeof(HttpServerSpec));

        Assert.True((bool)Property(schema, "keepAlive")["default"]!);
        Assert.Equal("1m", (string?)Property(schema, "keepAliveTimeout")["default"]);
        Assert.Equal(10240, (int)Property(schema, "maxConnections")["default"]!);
        Assert.False(Property(schema, "https").ContainsKey("default"));   // false is not worth stating
        Assert.Contains("port", schema["required"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public void Every_registered_filter_kind_has_a_schema()
    {
        foreach (var kind in BuiltInKinds.Filters.Kinds)
        {
            var schema = SpecSchema.For(kind.SpecType, kind.Name);
            Assert.True(schema["properties"]!.AsObject().ContainsKey("name"), kind.Name);
        }
    }

    [Fact]
    public void Values_write_a_spec_back_with_its_field_names_and_without_nulls()
    {
        var written = SpecValues.Write(new PipelineSpec { Name = "p", Kind = "Pipeline", Flow = [new FlowNodeSpec { Filter = "proxy" }] });

        Assert.Equal(["name", "kind", "flow", "filters"], written.Select(p => p.Key));
        Assert.Equal("""{"filter":"proxy","jumpIf":{}}""", written["flow"]![0]!.ToJsonString());

        var server = SpecValues.Write(new HttpServerSpec());
        Assert.Equal("1m", (string?)server["keepAliveTimeout"]);
        Assert.Equal(10240, (int)server["maxConnections"]!);
    }
}
