using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.Proxy;

public sealed class LoadBalancingTests
{
    private static (ILoadBalancer Balancer, BackendServer[] Servers) Pool(string policy, params int[] weights)
    {
        var servers = weights.Select((w, i) => new BackendServer(new ServerSpec { Url = $"http://10.0.0.{i + 1}", Weight = w }, false)).ToArray();
        return (ILoadBalancer.Create(new LoadBalanceSpec { Policy = policy }, new AvailableServers(servers)), servers);
    }

    [Fact]
    public void Round_robin_is_even_under_concurrency()
    {
        var (balancer, servers) = Pool("roundRobin", 0, 0, 0);
        var counts = new int[servers.Length];
        var request = Requests.Http().Request;

        Parallel.For(0, 30_000, _ => Interlocked.Increment(ref counts[Array.IndexOf(servers, balancer.Choose(request))]));

        Assert.All(counts, c => Assert.Equal(10_000, c));
    }

    [Fact]
    public void Random_reaches_every_server()
    {
        var (balancer, servers) = Pool("random", 0, 0, 0);
        var request = Requests.Http().Request;
        var seen = Enumerable.Range(0, 1000).Select(_ => balancer.Choose(request)).Distinct().Count();
        Assert.Equal(servers.Length, seen);
    }

    [Fact]
    public void Weighted_random_follows_the_weights()
    {
        var (balancer, servers) = Pool("weightedRandom", 1, 3);
        var request = Requests.Http().Request;
        var heavy = Enumerable.Range(0, 20_000).Count(_ => balancer.Choose(request) == servers[1]);
        Assert.InRange(heavy, 14_000, 16_000);   // 75 % ± 5 %
    }

    [Fact]
    public void Header_hash_sends_one_value_to_one_server()
    {
        var servers = Enumerable.Range(1, 4).Select(i => new BackendServer(new ServerSpec { Url = $"http://10.0.0.{i}" }, false)).ToArray();
        var balancer = ILoadBalancer.Create(new LoadBalanceSpec { Policy = "headerHash", HeaderHashKey = "X-User" }, new AvailableServers(servers));

        var first = balancer.Choose(Requests.Http(headers: [("X-User", "alice")]).Request);
        for (var i = 0; i < 10; i++) Assert.Same(first, balancer.Choose(Requests.Http(headers: [("X-User", "alice")]).Request));
        var spread = Enumerable.Range(0, 100).Select(i => balancer.Choose(Requests.Http(headers: [("X-User", $"user{i}")]).Request)).Distinct().Count();
        Assert.True(spread > 1);
    }

    [Fact]
    public void Ip_hash_uses_the_first_forwarded_address()
    {
        var servers = Enumerable.Range(1, 8).Select(i => new BackendServer(new ServerSpec { Url = $"http://10.0.0.{i}" }, false)).ToArray();
        var balancer = ILoadBalancer.Create(new LoadBalanceSpec { Policy = "ipHash" }, new AvailableServers(servers));

        var viaProxy = balancer.Choose(Requests.Http(headers: [("X-Forwarded-For", "203.0.113.9, 10.1.1.1")]).Request);
        var direct = Requests.Http();
        direct.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.9");

        Assert.Same(viaProxy, balancer.Choose(direct.Request));
    }

    [Theory]
    [InlineData("10.1.1.1, 203.0.113.9", null, "203.0.113.9")]   // private entries are skipped, as by ipFilter
    [InlineData("10.1.1.1", "198.51.100.4", "198.51.100.4")]     // then X-Real-IP
    [InlineData("10.1.1.1", null, "192.0.2.10")]                 // then the peer
    [InlineData("garbage", "garbage", "192.0.2.10")]
    public void Ip_hash_takes_the_client_address_the_ip_filter_takes(string forwarded, string? realIp, string expected)
    {
        var servers = Enumerable.Range(1, 16).Select(i => new BackendServer(new ServerSpec { Url = $"http://10.0.0.{i}" }, false)).ToArray();
        var balancer = ILoadBalancer.Create(new LoadBalanceSpec { Policy = "ipHash" }, new AvailableServers(servers));
        (string, string)[] headers = realIp is null ? [("X-Forwarded-For", forwarded)] : [("X-Forwarded-For", forwarded), ("X-Real-IP", realIp)];
        var request = Requests.Http(headers: headers);
        request.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("192.0.2.10");

        Assert.Equal(expected, Easegress.IpFiltering.ClientAddress.Of(request).ToString());
        Assert.Equal(RequestHash.Fnv1(expected), RequestHash.OfClientAddress(request.Request));
        Assert.Same(servers[RequestHash.Fnv1(expected) % 16], balancer.Choose(request.Request));
    }

    [Fact]
    public void Fnv1_matches_Gos_hash_fnv_New32()
    {
        // Go: fnv.New32().Write([]byte("hello")).Sum32() == 0xb6fa7167
        Assert.Equal(0xb6fa7167u, RequestHash.Fnv1("hello"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", false, false, false)]
    [InlineData("http://[::1]:8080", false, false, false)]
    [InlineData("http://backend.local:8080", false, false, true)]
    [InlineData("http://backend.local:8080", true, false, false)]
    [InlineData("http://127.0.0.1:8080", false, true, true)]
    [InlineData("http://127.0.0.1:8080", true, true, false)]
    public void The_host_rule_follows_Easegress(string url, bool keepHost, bool setUpstreamHost, bool sendsServerHost)
    {
        var server = new BackendServer(new ServerSpec { Url = url, KeepHost = keepHost }, setUpstreamHost);
        Assert.Equal(sendsServerHost, server.UpstreamHost);
    }
}
