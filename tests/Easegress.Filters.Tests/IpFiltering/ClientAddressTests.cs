using System.Net;
using Easegress.IpFiltering;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.IpFiltering;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("1.2.3.4")]
    [InlineData("255.255.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("2001:db8::7")]
    [InlineData("fe80::1:2")]
    public void Addresses_parse_and_print_back(string text)
    {
        Assert.True(ClientAddress.TryParse(text, out var address));
        Assert.Equal(IPAddress.Parse(text).ToString(), address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.256")]
    [InlineData("01.2.3.4")]      // Go rejects leading zeros
    [InlineData("1.2.3.4 ")]
    [InlineData("1..3.4")]
    [InlineData("1.2.3.4:80")]
    [InlineData("[::1]")]
    [InlineData("[::1]:80")]
    [InlineData("fe80::1%eth0")]
    [InlineData("10.0.0.0/8")]
    [InlineData("example.com")]
    [InlineData("1234.1.1.1")]
    [InlineData("0x7f.0.0.1")]
    public void Anything_but_a_plain_address_does_not_parse(string text)
    {
        Assert.False(ClientAddress.TryParse(text, out var address));
        Assert.False(address.IsKnown);
    }

    [Fact]
    public void An_ipv4_mapped_ipv6_address_is_the_ipv4_address()
    {
        Assert.True(ClientAddress.TryParse("::ffff:10.1.2.3", out var mapped));
        Assert.True(ClientAddress.TryParse("10.1.2.3", out var plain));
        Assert.Equal(plain, mapped);
        Assert.True(mapped.IsIpv4);
        Assert.Equal(plain, ClientAddress.From(IPAddress.Parse("10.1.2.3").MapToIPv6()));
        Assert.Equal("10.1.2.3", mapped.ToString());
    }

    private static ClientAddress RealIp(string peer, params (string, string)[] headers)
    {
        var http = Requests.Http(headers: headers);
        http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        return ClientAddress.Of(http);
    }

    [Fact]
    public void Without_forwarding_headers_the_peer_is_the_client()
    {
        Assert.Equal("192.0.2.10", RealIp("192.0.2.10").ToString());
        Assert.Equal("192.0.2.10", RealIp("::ffff:192.0.2.10").ToString());
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("10.0.0.1, 192.168.1.1, 203.0.113.7, 198.51.100.1", "203.0.113.7")]   // private entries are skipped
    [InlineData("127.0.0.1,172.16.5.5,169.254.1.1, 2001:db8::9", "2001:db8::9")]
    [InlineData("fc00::1, fe80::1, ::1, 198.51.100.2", "198.51.100.2")]
    [InlineData("not-an-ip, 198.51.100.3", "198.51.100.3")]
    [InlineData("172.15.0.1", "172.15.0.1")]                                         // just outside 172.16.0.0/12
    public void The_first_public_address_of_X_Forwarded_For_is_the_client(string forwarded, string expected)
    {
        Assert.Equal(expected, RealIp("192.0.2.10", ("X-Forwarded-For", forwarded)).ToString());
    }

    [Fact]
    public void X_Real_IP_is_used_when_X_Forwarded_For_has_no_public_address()
    {
        Assert.Equal("198.51.100.4", RealIp("192.0.2.10", ("X-Real-IP", "198.51.100.4")).ToString());
        Assert.Equal("10.9.9.9", RealIp("192.0.2.10", ("X-Forwarded-For", "10.0.0.1"), ("X-Real-IP", "10.9.9.9")).ToString());
    }

    [Fact]
    public void Unusable_headers_fall_back_to_the_peer()
    {
        Assert.Equal("192.0.2.10", RealIp("192.0.2.10", ("X-Forwarded-For", "10.0.0.1")).ToString());
        Assert.Equal("192.0.2.10", RealIp("192.0.2.10", ("X-Real-IP", "garbage")).ToString());
    }

    [Fact]
    public void Only_the_first_header_line_counts_as_in_Go()
    {
        var http = Requests.Http(headers: [("X-Forwarded-For", "10.0.0.1"), ("X-Forwarded-For", "203.0.113.9")]);
        http.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        Assert.Equal("192.0.2.10", ClientAddress.Of(http).ToString());
    }

    [Fact]
    public void Finding_the_client_allocates_nothing_for_ipv4()
    {
        var peer = Requests.Http();
        peer.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        var forwarded = Requests.Http(headers: [("X-Forwarded-For", "10.0.0.1, 203.0.113.7")]);
        forwarded.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        for (var i = 0; i < 100; i++) { ClientAddress.Of(peer); ClientAddress.Of(forwarded); }

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 1000; i++) { ClientAddress.Of(peer); ClientAddress.Of(forwarded); } }));
    }
}
