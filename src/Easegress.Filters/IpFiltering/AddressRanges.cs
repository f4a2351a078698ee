using Easegress.Specs;

namespace Easegress.IpFiltering;

/// <summary>
/// A set of addresses written as IPs and CIDRs (<c>10.0.0.0/8</c>, <c>192.168.1.7</c>, <c>2001:db8::/32</c>),
/// compiled to sorted, disjoint intervals so a lookup is a binary search that allocates nothing. An entry written
/// in IPv6 notation matches IPv6 clients only (as in Easegress, whose IPv4 and IPv6 ranges are separate), unless it
/// lies inside <c>::ffff:0:0/96</c>, which is IPv4 written the IPv6 way.
/// </summary>
public sealed class AddressRanges
{
    private static readonly UInt128 MappedLast = ClientAddress.MappedIpv4Prefix | uint.MaxValue;

    private readonly UInt128[] _starts;
    private readonly UInt128[] _ends;

    private AddressRanges(UInt128[] starts, UInt128[] ends)
    {
        _starts = starts;
        _ends = ends;
    }

    public bool IsEmpty => _starts.Length == 0;

    /// <summary>Compiles the entries; a bad one throws <see cref="SpecException"/> at <c>path[i]</c>.</summary>
    public static AddressRanges Build(IReadOnlyList<string>? entries, string path)
    {
        var intervals = new List<(UInt128 Start, UInt128 End)>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i].Trim();
            if (!TryParseRange(entry, out var start, out var end, out var writtenAsIpv6))
                throw new SpecException(SpecException.Index(path, i), $"\"{entries[i]}\" is not an IP address or a CIDR");
            if (writtenAsIpv6 && start <= MappedLast && end >= ClientAddress.MappedIpv4Prefix
                && !(start >= ClientAddress.MappedIpv4Prefix && end <= MappedLast))
            {
                // an IPv6 range that covers the IPv4-mapped block: keep IPv4 clients out of it
                if (start < ClientAddress.MappedIpv4Prefix) intervals.Add((start, ClientAddress.MappedIpv4Prefix - 1));
                if (end > MappedLast) intervals.Add((MappedLast + 1, end));
                continue;
            }
            intervals.Add((start, end));
        }
        intervals.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(UInt128 Start, UInt128 End)>(intervals.Count);
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && (merged[^1].End == UInt128.MaxValue || interval.Start <= merged[^1].End + 1))
            {
                if (interval.End > merged[^1].End) merged[^1] = (merged[^1].Start, interval.End);
                continue;
            }
            merged.Add(interval);
        }
        return new AddressRanges(merged.Select(m => m.Start).ToArray(), merged.Select(m => m.End).ToArray());
    }

    public bool Contains(ClientAddress address)
    {
        if (!address.IsKnown) return false;
        var value = address.Value;
        int low = 0, high = _starts.Length - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (_starts[middle] <= value)
            {
                if (value <= _ends[middle]) return true;
                low = middle + 1;
            }
            else high = middle - 1;
        }
        return false;
    }

    private static bool TryParseRange(ReadOnlySpan<char> text, out UInt128 start, out UInt128 end, out bool writtenAsIpv6)
    {
        start = end = default;
        writtenAsIpv6 = text.IndexOf(':') >= 0;
        var slash = text.IndexOf('/');
        if (!ClientAddress.TryParse(slash < 0 ? text : text[..slash], out var address)) return false;
        var bits = address.IsIpv4 && !writtenAsIpv6 ? 32 : 128;
        var prefix = bits;
        if (slash >= 0)
        {
            var digits = text[(slash + 1)..];
            if (digits.IsEmpty || digits.Length > 3 || !int.TryParse(digits, System.Globalization.NumberStyles.None, null, out prefix) || prefix > bits)
                return false;
        }
        var hostBits = bits - prefix;
        var hostMask = hostBits == 0 ? UInt128.Zero : hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1;
        start = address.Value & ~hostMask;
        end = start | hostMask;
        return true;
    }
}
