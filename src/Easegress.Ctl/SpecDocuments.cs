using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Easegress.Ctl;

/// <summary>One object spec taken from a YAML stream, ready to send on its own.</summary>
/// <param name="Name">The spec's <c>name</c>.</param>
/// <param name="Kind">The spec's <c>kind</c>.</param>
/// <param name="Yaml">The document alone, as YAML (comments dropped, everything else as written).</param>
/// <param name="Number">1-based position of the document in the stream, counting only non-empty ones.</param>
/// <param name="Line">Line where the document's content starts.</param>
internal sealed record SpecDocument(string Name, string Kind, string Yaml, int Number, int Line);

/// <summary>
/// Splits a YAML stream (documents separated by <c>---</c>) into object specs and checks each one has a
/// <c>name</c> and a <c>kind</c>. Empty documents are skipped. Nothing is accepted unless every document is valid.
/// </summary>
internal static class SpecDocuments
{
    public static IReadOnlyList<SpecDocument> Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new CtlException(
                $"{source}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        var specs = new List<SpecDocument>();
        foreach (var document in stream.Documents)
        {
            if (IsEmpty(document.RootNode))
            {
                continue;
            }

            var number = specs.Count + 1;
            var line = (int)document.RootNode.Start.Line;
            var where = $"{source}: document {number} (line {line})";
            if (document.RootNode is not YamlMappingNode mapping)
            {
                throw new CtlException($"{where}: an object spec must be a mapping with name and kind");
            }

            var name = RequiredString(mapping, "name", where);
            var kind = RequiredString(mapping, "kind", where);
            specs.Add(new SpecDocument(name, kind, ToYaml(document), number, line));
        }

        if (specs.Count == 0)
        {
            throw new CtlException($"{source}: no object spec found");
        }

        return specs;
    }

    private static bool IsEmpty(YamlNode root) =>
        root is YamlScalarNode { Value: null or "", Style: ScalarStyle.Plain } scalar && scalar.Tag.IsEmpty;

    private static string RequiredString(YamlMappingNode mapping, string key, string where)
    {
        if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            throw new CtlException($"{where}: missing \"{key}\"");
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value } || value.Trim().Length == 0)
        {
            throw new CtlException($"{where}: \"{key}\" must be a non-empty string");
        }

        return value;
    }

    private static string ToYaml(YamlDocument document)
    {
        var text = new StringWriter();
        var emitter = new ImplicitDocumentEndEmitter(new Emitter(text, EmitterSettings.Default.WithNewLine("\n")));
        new YamlStream(document).Save(emitter, assignAnchors: false);
        return text.ToString();
    }

    /// <summary>Drops the <c>...</c> marker YamlStream writes after each document.</summary>
    private sealed class ImplicitDocumentEndEmitter(IEmitter inner) : IEmitter
    {
        public void Emit(ParsingEvent @event) =>
            inner.Emit(@event is DocumentEnd ? new DocumentEnd(isImplicit: true) : @event);
    }
}
