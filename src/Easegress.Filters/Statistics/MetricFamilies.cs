using System.Globalization;
using System.Text;

namespace Easegress.Statistics;

/// <summary>
/// Metric families gathered for one scrape, written in the Prometheus text exposition format 0.0.4: each family's
/// <c># HELP</c> and <c># TYPE</c> once, then all its samples, whatever order they were added in.
/// </summary>
public sealed class MetricFamilies
{
    private sealed record Family(string Help, string Type, StringBuilder Samples);

    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Counter(string name, string help, Labels labels, double value) => Sample(Get(name, help, "counter"), name, labels, value);

    public void Gauge(string name, string help, Labels labels, double value) => Sample(Get(name, help, "gauge"), name, labels, value);

    /// <summary>A histogram from a <see cref="LogHistogram"/>'s counts, scaled (the counts' unit per exposed unit) and
    /// cut at the given upper bounds; each bucket is exact to the log histogram's precision.</summary>
    public void Histogram(string name, string help, Labels labels, long[] counts, double scale, double sum, IReadOnlyList<double> bounds)
    {
        var family = Get(name, help, "histogram");
        long total = 0;
        foreach (var c in counts) total += c;
        foreach (var bound in bounds)
            Sample(family, name + "_bucket", labels.With("le", Format(bound)), LogHistogram.CountAtMost(counts, bound * scale));
        Sample(family, name + "_bucket", labels.With("le", "+Inf"), total);
        Sample(family, name + "_sum", labels, sum);
        Sample(family, name + "_count", labels, total);
    }

    public void WriteTo(StringBuilder text)
    {
        foreach (var name in _order)
        {
            var family = _families[name];
            text.Append("# HELP ").Append(name).Append(' ').Append(family.Help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(family.Type).Append('\n');
            text.Append(family.Samples);
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        WriteTo(text);
        return text.ToString();
    }

    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private Family Get(string name, string help, string type)
    {
        if (_families.TryGetValue(name, out var family)) return family;
        family = new Family(help, type, new StringBuilder());
        _families[name] = family;
        _order.Add(name);
        return family;
    }

    private static void Sample(Family family, string name, Labels labels, double value) =>
        family.Samples.Append(name).Append(labels).Append(' ').Append(Format(value)).Append('\n');
}
