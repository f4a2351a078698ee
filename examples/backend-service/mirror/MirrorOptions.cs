using System.Globalization;

namespace Easegress.Examples.Mirror;

/// <summary>
/// Where the mirror listens. Ports come from <c>--ports 9095,9096</c> (ranges such as <c>9091-9098</c> too), else the
/// <c>MIRROR_PORTS</c> environment variable, else 9091–9098; the host from <c>--host</c> (default 127.0.0.1).
/// </summary>
internal sealed record MirrorOptions(string Host, IReadOnlyList<int> Ports, bool ShowHelp)
{
    public const string DefaultHost = "127.0.0.1";

    public static readonly IReadOnlyList<int> DefaultPorts = Enumerable.Range(9091, 8).ToArray();

    public const string Usage = """
        mirror: answers every request with a text echo of it (method, URL, headers, body).

        Usage: mirror [--ports LIST] [--host HOST]
          --ports LIST   ports to listen on, e.g. 9095,9096 or 9091-9098 (default 9091-9098;
                         the MIRROR_PORTS environment variable is used when the flag is absent)
          --host HOST    address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
          -h, --help     show this help
        """;

    public static MirrorOptions Parse(IReadOnlyList<string> args, string? portsFromEnvironment)
    {
        string host = DefaultHost;
        string? ports = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inlineValue) = SplitFlag(args[i]);
            switch (flag)
            {
                case "-h" or "--help":
                    return new MirrorOptions(host, DefaultPorts, ShowHelp: true);
                case "--ports":
                    ports = inlineValue ?? ValueAfter(args, ref i, flag);
                    break;
                case "--host":
                    host = inlineValue ?? ValueAfter(args, ref i, flag);
                    break;
                default:
                    throw new FormatException($"unknown argument \"{args[i]}\"");
            }
        }

        if (string.IsNullOrWhiteSpace(host))
        {
            throw new FormatException("--host: empty host");
        }

        ports ??= string.IsNullOrWhiteSpace(portsFromEnvironment) ? null : portsFromEnvironment;
        var source = ports == portsFromEnvironment && ports is not null ? "MIRROR_PORTS" : "--ports";
        return new MirrorOptions(host.Trim(), ports is null ? DefaultPorts : ParsePorts(ports, source), ShowHelp: false);
    }

    private static (string Flag, string? Value) SplitFlag(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static string ValueAfter(IReadOnlyList<string> args, ref int i, string flag)
    {
        if (i + 1 >= args.Count)
        {
            throw new FormatException($"{flag}: missing value");
        }

        return args[++i];
    }

    private static List<int> ParsePorts(string text, string source)
    {
        var ports = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0)
            {
                var first = ParsePort(part[..dash], source);
                var last = ParsePort(part[(dash + 1)..], source);
                if (last < first)
                {
                    throw new FormatException($"{source}: \"{part}\" is not a port range");
                }

                ports.AddRange(Enumerable.Range(first, last - first + 1));
            }
            else
            {
                ports.Add(ParsePort(part, source));
            }
        }

        if (ports.Count == 0)
        {
            throw new FormatException($"{source}: no port given");
        }

        return ports.Distinct().ToList();
    }

    private static int ParsePort(string text, string source) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException($"{source}: \"{text}\" is not a port (1-65535)");
}
