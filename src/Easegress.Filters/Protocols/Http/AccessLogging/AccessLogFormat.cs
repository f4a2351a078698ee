using System.Globalization;
using System.Text;
using Easegress.Specs;

namespace Easegress.Protocols.Http.AccessLogging;

/// <summary>
/// An HTTPServer's <c>accessLogFormat</c>, compiled once: literal text and <c>{{Variable}}</c>s among Time,
/// RemoteAddr, RealIP, Method, URI, Proto, StatusCode, Duration, ReqSize, RespSize, ReqHeaders, RespHeaders, Tags.
/// </summary>
public sealed class AccessLogFormat
{
    /// <summary>Easegress's default format.</summary>
    public const string Default =
        "[{{Time}}] [{{RemoteAddr}} {{RealIP}} {{Method}} {{URI}} {{Proto}} {{StatusCode}}] [{{Duration}} rx:{{ReqSize}}B tx:{{RespSize}}B] [{{Tags}}]";

    // before DefaultFormat, which is parsed against it
    private static readonly string[] Variables =
        ["Time", "RemoteAddr", "RealIP", "Method", "URI", "Proto", "StatusCode", "Duration", "ReqSize", "RespSize", "ReqHeaders", "RespHeaders", "Tags"];

    public static readonly AccessLogFormat DefaultFormat = Parse(Default, "accessLogFormat");

    /// <summary>Literal text, or a variable name when <c>IsVariable</c>.</summary>
    private readonly (string Text, bool IsVariable)[] _parts;

    private AccessLogFormat((string, bool)[] parts)
    {
        _parts = parts;
        UsesRequestHeaders = parts.Any(p => p.Item2 && p.Item1 == "ReqHeaders");
        UsesResponseHeaders = parts.Any(p => p.Item2 && p.Item1 == "RespHeaders");
    }

    public bool UsesRequestHeaders { get; }
    public bool UsesResponseHeaders { get; }

    /// <exception cref="SpecException">An unknown variable or an unclosed <c>{{</c>, named at <paramref name="path"/>.</exception>
    public static AccessLogFormat Parse(string format, string path)
    {
        var parts = new List<(string, bool)>();
        var i = 0;
        while (i < format.Length)
        {
            var open = format.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((format[i..], false));
                break;
            }
            if (open > i) parts.Add((format[i..open], false));
            var close = format.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0) throw new SpecException(path, $"\"{{{{\" at {open} is not closed");
            var name = format[(open + 2)..close].Trim();
            if (Array.IndexOf(Variables, name) < 0)
                throw new SpecException(path, $"unknown variable {{{{{name}}}}} (one of {string.Join(", ", Variables)})");
            parts.Add((name, true));
            i = close + 2;
        }
        return new AccessLogFormat(parts.ToArray());
    }

    public string Render(AccessLogEntry entry)
    {
        var line = new StringBuilder(160);
        foreach (var (text, isVariable) in _parts)
        {
            if (!isVariable)
            {
                line.Append(text);
                continue;
            }
            switch (text)
            {
                case "Time": line.Append(entry.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture)); break;
                case "RemoteAddr": line.Append(entry.RemoteAddr); break;
                case "RealIP": line.Append(entry.RealIP); break;
                case "Method": line.Append(entry.Method); break;
                case "URI": line.Append(entry.URI); break;
                case "Proto": line.Append(entry.Proto); break;
                case "StatusCode": line.Append(entry.StatusCode.ToString(CultureInfo.InvariantCulture)); break;
                case "Duration": AppendDuration(line, entry.Duration); break;
                case "ReqSize": line.Append(entry.ReqSize.ToString(CultureInfo.InvariantCulture)); break;
                case "RespSize": line.Append(entry.RespSize.ToString(CultureInfo.InvariantCulture)); break;
                case "ReqHeaders": AppendHeaders(line, entry.ReqHeaders); break;
                case "RespHeaders": AppendHeaders(line, entry.RespHeaders); break;
                case "Tags": line.Append(entry.Tags); break;
            }
        }
        return line.ToString();
    }

    /// <summary>As Go prints a <c>time.Duration</c>: <c>850µs</c>, <c>12.345ms</c>, <c>1.5s</c>.</summary>
    public static void AppendDuration(StringBuilder line, TimeSpan duration)
    {
        var micros = duration.Ticks / (double)TimeSpan.TicksPerMicrosecond;
        if (micros < 1000) line.Append(micros.ToString("0.###", CultureInfo.InvariantCulture)).Append("µs");
        else if (micros < 1_000_000) line.Append((micros / 1000).ToString("0.###", CultureInfo.InvariantCulture)).Append("ms");
        else line.Append(duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
    }

    /// <summary>As Go prints an <c>http.Header</c>: <c>map[Accept:[*/*] Host:[example.com]]</c>, names sorted.</summary>
    private static void AppendHeaders(StringBuilder line, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        line.Append("map[");
        if (headers is not null)
        {
            var first = true;
            foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                if (!first) line.Append(' ');
                first = false;
                line.Append(name).Append(":[").Append(value).Append(']');
            }
        }
        line.Append(']');
    }
}
