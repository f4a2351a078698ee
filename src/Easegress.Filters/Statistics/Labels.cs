using System.Text;

namespace Easegress.Statistics;

/// <summary>A sample's labels, in order, rendered as Prometheus writes them: <c>{name="value",...}</c>.</summary>
public sealed class Labels
{
    private readonly (string Name, string Value)[] _pairs;

    public Labels(params (string Name, string Value)[] pairs) => _pairs = pairs;

    public Labels With(string name, string value) => new([.. _pairs, (name, value)]);

    public Labels With(Labels more) => new([.. _pairs, .. more._pairs]);

    public override string ToString()
    {
        if (_pairs.Length == 0) return "";
        var text = new StringBuilder("{");
        for (var i = 0; i < _pairs.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(_pairs[i].Name).Append("=\"").Append(Escape(_pairs[i].Value)).Append('"');
        }
        return text.Append('}').ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
