using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Easegress.IpFiltering;

/// <summary>
/// A client's IP address as one 128-bit number: IPv6 as is, IPv4 as its IPv4-mapped IPv6 form (<c>::ffff:a.b.c.d</c>),
/// so that a client reaching a dual-stack socket over IPv4 is the same client as one reaching an IPv4 socket.
/// Parsing and comparing allocate nothing for IPv4.
/// </summary>
public readonly struct ClientAddress : IEquatable<ClientAddress>
{
    internal static readonly UInt128 MappedIpv4Prefix = (UInt128)0xFFFF << 32;

    private ClientAddress(UInt128 value)
    {
        Value = value;
        IsKnown = true;
    }

    /// <summary>False when there was no address, or it did not parse; an IP filter then gives its default answer.</summary>
    public bool IsKnown { get; }

    internal UInt128 Value { get; }

    public bool IsIpv4 => IsKnown && (Value >> 32) == 0xFFFF;

    public static ClientAddress Unknown => default;

    public static ClientAddress From(IPAddress? address)
    {
        if (address is null) return default;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> four = stackalloc byte[4];
            address.TryWriteBytes(four, out _);
            return new ClientAddress(MappedIpv4Prefix | ((UInt128)four[0] << 24 | (UInt128)four[1] << 16 | (UInt128)four[2] << 8 | four[3]));
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return default;
        Span<byte> sixteen = stackalloc byte[16];
        address.TryWriteBytes(sixteen, out _);
        return new ClientAddress(System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(sixteen));
    }

    /// <summary>
    /// Parses an address the way Go's <c>net.ParseIP</c> does: IPv4 as four decimal octets without leading zeros,
    /// or IPv6 (which may end in an IPv4 quad); no brackets, ports or zones.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ClientAddress address)
    {
        address = default;
        if (text.IsEmpty) return false;
        if (text.IndexOf(':') < 0)
        {
            if (!TryParseIpv4(text, out var v4)) return false;
            address = new ClientAddress(MappedIpv4Prefix | v4);
            return true;
        }
        if (text.IndexOfAny('%', '[', '/') >= 0 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        address = From(ip);
        return true;
    }

    private static bool TryParseIpv4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var octets = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            uint octet = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 3) octet = octet * 10 + (uint)(text[i++] - '0');
            var digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text[start] == '0')) return false;
            value = value << 8 | octet;
            if (++octets == 4) return i == text.Length;
            if (i >= text.Length || text[i] != '.') return false;
            i++;
        }
    }

    /// <summary>
    /// The client's address as Easegress's <c>RealIP</c> finds it (Go's <c>tomasen/realip</c>): with neither
    /// <c>X-Forwarded-For</c> nor <c>X-Real-IP</c>, the connection's peer; otherwise the first entry of
    /// <c>X-Forwarded-For</c> that is a public address (not loopback, private, link-local or unique-local), else
    /// <c>X-Real-IP</c>. Where Easegress would then give up (both headers unusable), this falls back to the peer.
    /// Only the first line of each header counts, as Go's <c>Header.Get</c> reads it.
    /// </summary>
    public static ClientAddress Of(HttpContext http)
    {
        var headers = http.Request.Headers;
        var forwarded = FirstValue(headers["X-Forwarded-For"]);
        var realIp = FirstValue(headers["X-Real-IP"]);
        if (forwarded.IsEmpty && realIp.IsEmpty) return From(http.Connection.RemoteIpAddress);

        while (!forwarded.IsEmpty)
        {
            var comma = forwarded.IndexOf(',');
            var entry = (comma < 0 ? forwarded : forwarded[..comma]).Trim();
            forwarded = comma < 0 ? default : forwarded[(comma + 1)..];
            if (TryParse(entry, out var candidate) && !PrivateRanges.Contains(candidate)) return candidate;
        }
        return TryParse(realIp.Trim(), out var real) ? real : From(http.Connection.RemoteIpAddress);
    }

    private static ReadOnlySpan<char> FirstValue(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 ? default : values[0].AsSpan();

    /// <summary>The ranges realIP skips in X-Forwarded-For.</summary>
    private static readonly AddressRanges PrivateRanges = AddressRanges.Build(
        ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10"], "");

    public bool Equals(ClientAddress other) => IsKnown == other.IsKnown && Value == other.Value;
    public override bool Equals(object? obj) => obj is ClientAddress other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(IsKnown, Value);
    public static bool operator ==(ClientAddress left, ClientAddress right) => left.Equals(right);
    public static bool operator !=(ClientAddress left, ClientAddress right) => !left.Equals(right);

    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxTextLength];
        return TryFormat(text, out var written) ? new string(text[..written]) : "unknown";
    }

    /// <summary>Enough characters for any address <see cref="TryFormat"/> writes.</summary>
    public const int MaxTextLength = 64;

    /// <summary>Writes the address as text (<c>1.2.3.4</c>, <c>2001:db8::1</c>) without allocating; false when unknown.</summary>
    public bool TryFormat(Span<char> destination, out int written)
    {
        written = 0;
        if (!IsKnown) return false;
        if (IsIpv4)
        {
            var v4 = (uint)Value;
            for (var shift = 24; shift >= 0; shift -= 8)
            {
                if (shift != 24) destination[written++] = '.';
                ((v4 >> shift) & 0xFF).TryFormat(destination[written..], out var digits);
                written += digits;
            }
            return true;
        }
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return new IPAddress(bytes).TryFormat(destination, out written);
    }
}
