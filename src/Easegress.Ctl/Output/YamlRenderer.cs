using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Easegress.Ctl.Output;

/// <summary>
/// Renders a JSON value as block YAML the way Easegress's egctl printed it: object members in the order the
/// server sent them, numbers and booleans as plain scalars, and strings quoted whenever a YAML reader would
/// otherwise take them for something else (<c>"8080"</c>, <c>"true"</c>, <c>"2026-11-25T22:40:00Z"</c>, <c>""</c>).
/// </summary>
internal static partial class YamlRenderer
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default
        .WithBestIndent(2)
        .WithBestWidth(1_000_000)
        .WithMaxSimpleKeyLength(10_000)
        .WithNewLine("\n");

    public static string Render(JsonElement value)
    {
        var text = new StringWriter();
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        EmitNode(emitter, value);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void EmitNode(IEmitter emitter, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var hasMembers = value.EnumerateObject().Any();
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true,
                    hasMembers ? MappingStyle.Block : MappingStyle.Flow));
                foreach (var member in value.EnumerateObject())
                {
                    EmitString(emitter, member.Name);
                    EmitNode(emitter, member.Value);
                }

                emitter.Emit(new MappingEnd());
                break;

            case JsonValueKind.Array:
                var hasItems = value.GetArrayLength() > 0;
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true,
                    hasItems ? SequenceStyle.Block : SequenceStyle.Flow));
                foreach (var item in value.EnumerateArray())
                {
                    EmitNode(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;

            case JsonValueKind.String:
                EmitString(emitter, value.GetString() ?? "");
                break;

            case JsonValueKind.Number:
                EmitPlain(emitter, value.GetRawText());
                break;

            case JsonValueKind.True:
                EmitPlain(emitter, "true");
                break;

            case JsonValueKind.False:
                EmitPlain(emitter, "false");
                break;

            default:
                EmitPlain(emitter, "null");
                break;
        }
    }

    private static void EmitPlain(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false));

    private static void EmitString(IEmitter emitter, string text) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, StyleFor(text), true, true));

    /// <summary>Line breaks a YAML reader would turn into <c>\n</c> inside a block scalar.</summary>
    private const string NonNewlineBreaks = "\r\u0085\u2028\u2029";

    /// <summary>
    /// Double quotes for strings a YAML 1.1 or 1.2 reader would resolve to null, a boolean, a number or a
    /// timestamp; literal blocks for multi-line text; otherwise the emitter picks (plain when it can be).
    /// </summary>
    private static ScalarStyle StyleFor(string text)
    {
        if (text.Length == 0 || NonStringScalar().IsMatch(text) || text.AsSpan().IndexOfAny(NonNewlineBreaks) >= 0)
        {
            return ScalarStyle.DoubleQuoted;
        }

        if (text.Contains('\n'))
        {
            return ScalarStyle.Literal;
        }

        return ScalarStyle.Any;
    }

    [GeneratedRegex("""
        ^(?:
            ~|null|Null|NULL
          | y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
          | [-+]?(?: 0b[01_]+ | 0o?[0-7_]+ | 0x[0-9a-fA-F_]+ | [0-9][0-9_]*(?::[0-5]?[0-9])* )
          | [-+]?(?: \.[0-9]+ | [0-9][0-9_]*(?:\.[0-9_]*)? )(?:[eE][-+]?[0-9]+)?
          | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
          | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
          | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*
          | <<|=
        )$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex NonStringScalar();
}
