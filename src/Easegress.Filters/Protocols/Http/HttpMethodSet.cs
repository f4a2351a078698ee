using Easegress.Specs;

namespace Easegress.Protocols.Http;

/// <summary>A set of the nine HTTP methods Easegress knows, as bits; an empty set means every method.</summary>
public readonly struct HttpMethodSet
{
    private static readonly string[] Names = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"];

    private readonly int _bits;

    private HttpMethodSet(int bits) => _bits = bits;

    public bool IsAll => _bits == 0;

    public static bool IsKnown(string method) => Bit(method) != 0;

    /// <summary>Builds the set from spec values, naming the offending item (<c>methods[1]</c>) when one is unknown.</summary>
    public static HttpMethodSet Parse(IReadOnlyList<string>? methods, string path)
    {
        var bits = 0;
        if (methods is null) return new HttpMethodSet(0);
        for (var i = 0; i < methods.Count; i++)
        {
            var bit = Bit(methods[i]);
            if (bit == 0)
                throw new SpecException(SpecException.Index(path, i),
                    $"\"{methods[i]}\" is not an HTTP method (one of {string.Join(", ", Names)})");
            bits |= bit;
        }
        return new HttpMethodSet(bits);
    }

    /// <summary>True when the set is empty (all methods) or holds <paramref name="method"/> (case-sensitive, as in HTTP).</summary>
    public bool Contains(string method) => _bits == 0 || (_bits & Bit(method)) != 0;

    private static int Bit(string method)
    {
        for (var i = 0; i < Names.Length; i++)
            if (string.Equals(Names[i], method, StringComparison.Ordinal)) return 1 << i;
        return 0;
    }
}
