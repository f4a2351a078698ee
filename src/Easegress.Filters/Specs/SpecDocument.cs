using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Easegress.Specs;

/// <summary>
/// Reads YAML (and so JSON, which is YAML) into ordered JSON nodes: the one in-memory form of every spec.
/// Plain scalars are typed the way YAML 1.2's core schema types them; quoted scalars stay strings.
/// </summary>
public static class SpecDocument
{
    public const int MaxDepth = 64;

    /// <summary>Parses a single document holding one mapping.</summary>
    public static JsonObject ParseObject(string text)
    {
        var documents = ParseAll(text);
        return documents.Count switch
        {
            0 => throw new SpecException("", "empty document"),
            1 => documents[0],
            _ => throw new SpecException("", $"expected one document, found {documents.Count}"),
        };
    }

    /// <summary>Parses every document in a (possibly multi-document) stream; each must be a mapping.</summary>
    public static IReadOnlyList<JsonObject> ParseAll(string text)
    {
        var result = new List<JsonObject>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                if (parser.TryConsume<DocumentEnd>(out _)) continue;   // an empty document between separators
                var node = ReadNode(parser, 0);
                parser.Consume<DocumentEnd>();
                if (node is null) continue;
                if (node is not JsonObject obj)
                    throw new SpecException("", "a spec must be a mapping of fields");
                result.Add(obj);
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            throw new SpecException("", $"invalid YAML/JSON at line {e.Start.Line}, column {e.Start.Column}: {Short(e)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser gives up this way on some malformed streams (an unclosed flow collection at the end)
            throw new SpecException("", "invalid YAML/JSON: the document ends in the middle of a value");
        }
        return result;
    }

    private static string Short(YamlException e)
    {
        var msg = e.InnerException?.Message ?? e.Message;
        var paren = msg.IndexOf("): ", StringComparison.Ordinal);
        return paren >= 0 && msg.StartsWith('(') ? msg[(paren + 3)..] : msg;
    }

    private static JsonNode? ReadNode(IParser parser, int depth)
    {
        if (depth > MaxDepth) throw new SpecException("", $"document nested deeper than {MaxDepth} levels");
        if (parser.TryConsume<Scalar>(out var scalar)) return ScalarNode(scalar);
        if (parser.TryConsume<MappingStart>(out _))
        {
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>().Value;
                var value = ReadNode(parser, depth + 1);
                if (obj.ContainsKey(key)) throw new SpecException(key, "field given twice");
                obj[key] = value;
            }
            return obj;
        }
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _)) array.Add(ReadNode(parser, depth + 1));
            return array;
        }
        if (parser.TryConsume<AnchorAlias>(out var alias))
            throw new SpecException("", $"YAML aliases are not supported (*{alias.Value})");
        throw new SpecException("", $"unexpected YAML content: {parser.Current}");
    }

    private static JsonNode? ScalarNode(Scalar scalar)
    {
        var v = scalar.Value;
        if (scalar.Style is not ScalarStyle.Plain) return JsonValue.Create(v);
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (LooksNumeric(v))
        {
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
        }
        return JsonValue.Create(v);
    }

    private static bool LooksNumeric(string v)
    {
        var i = v.Length > 0 && v[0] is '-' or '+' ? 1 : 0;
        if (i >= v.Length || !(char.IsAsciiDigit(v[i]) || v[i] == '.')) return false;
        foreach (var c in v.AsSpan(i))
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+')) return false;
        return true;
    }
}
