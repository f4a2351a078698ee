using System.Globalization;
using System.Text;

namespace Easegress.Node.Tests;

/// <summary>One sample line: the metric name, its labels and value.</summary>
public sealed record PromSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Series => Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
}

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP, a TYPE, a
/// sample or empty; a family's HELP and TYPE come once and before its samples; a sample's name must belong to the
/// family declared for it; no series appears twice.
/// </summary>
public sealed class PrometheusText
{
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Help { get; } = new(StringComparer.Ordinal);
    public List<PromSample> Samples { get; } = [];

    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        var series = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        Assert.EndsWith("\n", text);
        foreach (var line in text.Split('\n').SkipLast(1))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                Assert.True(IsName(parts[0]), $"bad metric name in: {line}");
                var table = line[2] == 'H' ? parsed.Help : parsed.Types;
                Assert.False(table.ContainsKey(parts[0]), $"declared twice: {line}");
                Assert.False(finished.Contains(parts[0]), $"family {parts[0]} is split: {line}");
                if (current is not null && current != parts[0]) finished.Add(current);
                current = parts[0];
                if (line[2] == 'T') Assert.Contains(parts[1], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                table[parts[0]] = parts[1];
                continue;
            }
            Assert.False(line.StartsWith('#'), $"unknown comment: {line}");
            var sample = ParseSample(line);
            var family = FamilyOf(sample.Name, parsed.Types);
            Assert.True(family is not null, $"sample without a TYPE: {line}");
            Assert.Equal(current, family);
            Assert.True(series.Add(sample.Series), $"duplicate series: {line}");
            parsed.Samples.Add(sample);
        }
        return parsed;
    }

    /// <summary>Checks every histogram: per series, buckets are cumulative, the last is +Inf, and +Inf equals _count.</summary>
    public void AssertHistogramsAreWellFormed()
    {
        foreach (var (family, _) in Types.Where(t => t.Value == "histogram"))
        {
            var buckets = Samples.Where(s => s.Name == family + "_bucket")
                .GroupBy(s => new PromSample(family, s.Labels.Where(l => l.Key != "le").ToDictionary(), 0).Series);
            foreach (var series in buckets)
            {
                var list = series.ToList();
                Assert.All(list, b => Assert.True(b.Labels.ContainsKey("le")));
                Assert.Equal("+Inf", list[^1].Labels["le"]);
                for (var i = 1; i < list.Count; i++)
                {
                    Assert.True(ParseValue(list[i].Labels["le"]) > ParseValue(list[i - 1].Labels["le"]), $"le not increasing in {series.Key}");
                    Assert.True(list[i].Value >= list[i - 1].Value, $"buckets not cumulative in {series.Key}");
                }
                var labels = list[0].Labels.Where(l => l.Key != "le").ToDictionary();
                var count = Samples.Single(s => s.Name == family + "_count" && SameLabels(s.Labels, labels));
                Assert.Equal(count.Value, list[^1].Value);
                Assert.Single(Samples, s => s.Name == family + "_sum" && SameLabels(s.Labels, labels));
            }
        }
    }

    public double Value(string name, params (string Key, string Value)[] labels) =>
        Samples.Single(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string? FamilyOf(string sample, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sample)) return sample;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type)
                && type is "histogram" or "summary")
                return sample[..^suffix.Length];
        return null;
    }

    private static PromSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        Assert.True(IsName(name), $"bad sample name: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                Assert.True(IsName(label) && !label.Contains(':'), $"bad label name {label}: {line}");
                Assert.Equal('"', line[eq + 1]);
                var value = new StringBuilder();
                i = eq + 2;
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"bad escape: {line}") });
                    }
                    else value.Append(line[i]);
                    i++;
                }
                Assert.True(labels.TryAdd(label, value.ToString()), $"label {label} twice: {line}");
                i++;
                if (line[i] == ',') i++;
            }
            i++;
        }
        Assert.Equal(' ', line[i]);
        var rest = line[(i + 1)..].Split(' ');
        Assert.InRange(rest.Length, 1, 2);   // value [timestamp]
        return new PromSample(name, labels, ParseValue(rest[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');
}
