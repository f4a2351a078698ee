using System.Text;

namespace Easegress.Ctl.Output;

/// <summary>
/// A plain-text table as kubectl prints one: a header row of capitals, then one row per item, each column as wide
/// as its widest cell and three spaces apart, without trailing spaces.
/// </summary>
internal sealed class Table(params string[] headers)
{
    private const int Gap = 3;

    private readonly List<string[]> _rows = [headers];

    public int Count => _rows.Count - 1;

    public Table Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter writer)
    {
        var widths = Enumerable.Range(0, headers.Length).Select(c => _rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in _rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                line.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + Gap));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
