using Easegress.IpFiltering;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.IpFiltering;

public sealed class IpFilterTests
{
    private static IpFilter Filter(bool blockByDefault = false, string[]? allow = null, string[]? block = null) =>
        IpFilter.Build(new IpFilterSpec { BlockByDefault = blockByDefault, AllowIPs = allow?.ToList(), BlockIPs = block?.ToList() }, "ipFilter")!;

    private static ClientAddress Ip(string text) => ClientAddress.TryParse(text, out var a) ? a : throw new ArgumentException(text);

    [Fact]
    public void No_spec_means_no_filter()
    {
        Assert.Null(IpFilter.Build(null, "ipFilter"));
    }

    [Theory]
    [InlineData("192.168.1.7", false)]
    [InlineData("192.168.1.8", true)]
    [InlineData("10.200.0.1", false)]
    [InlineData("11.0.0.1", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("2001:db9::1", true)]
    public void Block_list_blocks_its_addresses_and_CIDRs(string client, bool allowed)
    {
        var filter = Filter(block: ["192.168.1.7", "10.0.0.0/8", "2001:db8::/32"]);
        Assert.Equal(allowed, filter.Allows(Ip(client)));
    }

    [Theory]
    [InlineData("203.0.113.5", true)]
    [InlineData("203.0.114.5", false)]
    [InlineData("::1", true)]
    [InlineData("::2", false)]
    public void An_allow_list_lets_in_only_its_addresses(string client, bool allowed)
    {
        var filter = Filter(allow: ["203.0.113.0/24", "::1"]);
        Assert.Equal(allowed, filter.Allows(Ip(client)));
    }

    [Theory]
    [InlineData(false, "203.0.113.9", true)]    // in both lists: the default
    [InlineData(true, "203.0.113.9", false)]
    [InlineData(false, "203.0.113.10", true)]   // allowed only
    [InlineData(true, "203.0.113.10", true)]
    [InlineData(false, "198.51.100.1", false)]  // not in a non-empty allow list
    public void Both_lists_decide_as_Easegress_does(bool blockByDefault, string client, bool allowed)
    {
        var filter = Filter(blockByDefault, allow: ["203.0.113.0/24"], block: ["203.0.113.9"]);
        Assert.Equal(allowed, filter.Allows(Ip(client)));
    }

    [Fact]
    public void Addresses_in_no_list_and_unknown_addresses_get_the_default()
    {
        Assert.True(Filter(block: ["10.0.0.1"]).Allows(Ip("10.0.0.2")));
        Assert.False(Filter(blockByDefault: true, block: ["10.0.0.1"]).Allows(Ip("10.0.0.2")));
        Assert.True(Filter().Allows(ClientAddress.Unknown));
        Assert.False(Filter(blockByDefault: true).Allows(ClientAddress.Unknown));
    }

    [Fact]
    public void Ipv6_entries_do_not_match_ipv4_clients_but_mapped_ipv4_entries_do()
    {
        var everyIpv6 = Filter(block: ["::/0"]);
        Assert.False(everyIpv6.Allows(Ip("2001:db8::1")));
        Assert.False(everyIpv6.Allows(Ip("::")));
        Assert.True(everyIpv6.Allows(Ip("10.0.0.1")));

        var mapped = Filter(block: ["::ffff:10.0.0.0/104"]);
        Assert.False(mapped.Allows(Ip("10.1.2.3")));
        Assert.True(mapped.Allows(Ip("11.1.2.3")));

        var everyIpv4 = Filter(block: ["0.0.0.0/0"]);
        Assert.False(everyIpv4.Allows(Ip("255.255.255.255")));
        Assert.True(everyIpv4.Allows(Ip("::1")));
    }

    [Fact]
    public void Cidrs_with_host_bits_are_their_network_as_Go_reads_them()
    {
        var filter = Filter(block: ["192.168.1.77/24"]);
        Assert.False(filter.Allows(Ip("192.168.1.1")));
        Assert.True(filter.Allows(Ip("192.168.2.1")));
    }

    [Fact]
    public void Overlapping_and_adjacent_ranges_merge()
    {
        var filter = Filter(block: ["10.0.0.0/9", "10.128.0.0/9", "10.1.0.0/16", "11.0.0.0/8", "9.255.255.255"]);
        foreach (var blocked in new[] { "9.255.255.255", "10.0.0.0", "10.200.1.1", "11.255.255.255" })
            Assert.False(filter.Allows(Ip(blocked)), blocked);
        foreach (var allowed in new[] { "9.255.255.254", "12.0.0.0" })
            Assert.True(filter.Allows(Ip(allowed)), allowed);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("::/129")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/8/8")]
    [InlineData("10.0.0")]
    [InlineData("localhost")]
    [InlineData("")]
    public void Bad_entries_are_refused_with_their_index(string entry)
    {
        var error = Assert.Throws<SpecException>(() => Filter(allow: ["10.0.0.1", entry]));
        Assert.Equal($"ipFilter.allowIPs[1]: \"{entry}\" is not an IP address or a CIDR", error.Message);
        Assert.Equal("ipFilter.blockIPs[0]", Assert.Throws<SpecException>(() => Filter(block: [entry])).Path);
    }

    [Fact]
    public void Deciding_allocates_nothing()
    {
        var filter = Filter(allow: ["10.0.0.0/8", "2001:db8::/32"], block: ["10.1.0.0/16"]);
        var clients = new[] { Ip("10.1.2.3"), Ip("10.2.3.4"), Ip("2001:db8::5"), Ip("192.0.2.1") };
        foreach (var c in clients) filter.Allows(c);

        Assert.Equal(0, AllocatedBytes.Fewest(() => { for (var i = 0; i < 1000; i++) foreach (var c in clients) filter.Allows(c); }));
    }
}
