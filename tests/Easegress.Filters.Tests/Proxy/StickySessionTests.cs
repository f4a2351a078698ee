using System.Net;
using System.Text;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Proxy;

public sealed class StickySessionTests
{
    private static BackendServer[] Servers(int count) =>
        Enumerable.Range(1, count).Select(i => new BackendServer(new ServerSpec { Url = $"http://10.0.0.{i}:8080" }, false)).ToArray();

    private static ILoadBalancer ConsistentHash(AvailableServers available) => ILoadBalancer.Create(
        new LoadBalanceSpec(), available,
        new StickySession(new StickySessionSpec { Mode = StickySessionSpec.CookieConsistentHash, AppCookieName = "JSESSIONID" }, TimeProvider.System));

    private static HttpRequest WithCookie(string cookie) => Requests.Http(headers: [("Cookie", cookie)]).Request;

    [Theory]
    [InlineData("", 0ul)]
    [InlineData("hello", 0xcbd8a7b341bd9b02ul)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0xe34bbc7bbc071b6cul)]
    public void Murmur3_is_the_x64_128_hash_Easegress_uses(string text, ulong expected)
    {
        Assert.Equal(expected, Murmur3.Sum64(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void CookieConsistentHash_sends_one_cookie_value_to_one_server_and_spreads_values_within_the_load_bound()
    {
        var servers = Servers(4);
        var balancer = ConsistentHash(new AvailableServers(servers));

        var first = balancer.Choose(WithCookie("JSESSIONID=abc; other=1"));
        for (var i = 0; i < 20; i++) Assert.Same(first, balancer.Choose(WithCookie("other=2; JSESSIONID=abc")));

        var counts = servers.ToDictionary(s => s, _ => 0);
        for (var i = 0; i < 4000; i++) counts[balancer.Choose(WithCookie($"JSESSIONID=session-{i}"))!]++;
        // each server owns at most ⌈1024/4 × 1.25⌉ = 320 of the 1024 partitions, so at most ~31 % of the keys
        Assert.All(counts.Values, c => Assert.InRange(c, 400, 1400));
    }

    [Fact]
    public void When_a_server_goes_only_its_sessions_move_and_they_come_back_with_it()
    {
        var servers = Servers(4);
        var available = new AvailableServers(servers);
        var balancer = ConsistentHash(available);
        var keys = Enumerable.Range(0, 2000).Select(i => $"JSESSIONID=s{i}").ToArray();
        var before = keys.Select(k => balancer.Choose(WithCookie(k))).ToArray();

        available.Set([true, true, false, true]);   // the health check takes server 3 out
        var during = keys.Select(k => balancer.Choose(WithCookie(k))).ToArray();

        Assert.DoesNotContain(servers[2], during);
        var onSurvivors = Enumerable.Range(0, keys.Length).Where(i => before[i] != servers[2]).ToArray();
        var stayed = onSurvivors.Count(i => during[i] == before[i]);
        Assert.True(stayed >= onSurvivors.Length * 0.85, $"{stayed} of {onSurvivors.Length} sessions on the other servers stayed");

        available.Set([true, true, true, true]);
        Assert.Equal(before, keys.Select(k => balancer.Choose(WithCookie(k))));
    }

    [Fact]
    public void Without_the_app_cookie_the_pools_policy_decides()
    {
        var servers = Servers(3);
        var balancer = ConsistentHash(new AvailableServers(servers));
        var request = Requests.Http().Request;

        var seen = Enumerable.Range(0, 3).Select(_ => balancer.Choose(request)).ToArray();

        Assert.Equal(servers, seen);   // roundRobin
    }

    [Fact]
    public void With_no_server_available_there_is_none_to_stick_to()
    {
        var available = new AvailableServers(Servers(2));
        var balancer = ConsistentHash(available);
        available.Set([false, false]);

        Assert.Null(balancer.Choose(WithCookie("JSESSIONID=abc")));
    }

    private static IFilter Proxy(string loadBalanceYaml, TimeProvider time, params string[] urls) => TestSpecs.Create(
        TestSpecs.Filter<ProxySpec>($"""
            name: proxy
            kind: Proxy
            pools:
            - servers:
            {string.Join("\n", urls.Select(u => $"    - url: {u}"))}
              loadBalance:
            {loadBalanceYaml}
            """), new FilterEnvironment { Forwarder = FilterEnvironment.Create().Forwarder, Time = time });

    private static async Task<(string Backend, string? SetCookie)> GetAsync(FilterFront front, string path = "/", string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        using var response = await front.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        var lb = setCookies.Where(c => !c.StartsWith("app=", StringComparison.Ordinal)).ToArray();
        return (Assert.Single(response.Headers.GetValues("X-Backend")), lb.Length == 0 ? null : Assert.Single(lb));
    }

    [Fact]
    public async Task DurationBased_sets_EG_SESSION_for_two_hours_on_every_response_and_the_cookie_keeps_the_client_on_its_server()
    {
        await using var b1 = await RecordingBackend.StartAsync("b1");
        await using var b2 = await RecordingBackend.StartAsync("b2");
        var clock = new ManualClock();
        using var proxy = Proxy("""
                stickySession:
                  mode: DurationBased
            """, clock, b1.Url, b2.Url);
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        var (first, setCookie) = await GetAsync(front);
        Assert.NotNull(setCookie);
        // Easegress's cookie: name=hex(8-byte key + HMAC-SHA256), Expires only
        Assert.Matches("^EG_SESSION=[0-9a-f]{80}; Expires=Thu, 01 Jan 2026 02:00:00 GMT$", setCookie);
        var cookie = setCookie.Split(';')[0];

        for (var i = 0; i < 6; i++)
        {
            var (backend, again) = await GetAsync(front, cookie: cookie);
            Assert.Equal(first, backend);
            Assert.NotNull(again);   // refreshed every time
        }
        // without it, roundRobin
        Assert.Equal(2, (await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => GetAsync(front)))).Select(r => r.Backend).Distinct().Count());
        // a forged or foreign cookie is ignored
        var (_, fresh) = await GetAsync(front, cookie: "EG_SESSION=" + new string('0', 80));
        Assert.NotNull(fresh);
    }

    [Fact]
    public async Task The_cookie_name_and_lifetime_follow_lbCookieName_and_lbCookieExpire()
    {
        await using var b1 = await RecordingBackend.StartAsync("b1");
        var clock = new ManualClock();
        using var proxy = Proxy("""
                stickySession:
                  mode: DurationBased
                  lbCookieName: LB
                  lbCookieExpire: 30m
            """, clock, b1.Url);
        await using var front = await FilterFront.StartAsync(proxy);   // the response is handed over, not streamed

        var (_, setCookie) = await GetAsync(front);

        Assert.Matches("^LB=[0-9a-f]{80}; Expires=Thu, 01 Jan 2026 00:30:00 GMT$", setCookie);
    }

    [Fact]
    public async Task ApplicationBased_sets_its_cookie_when_the_application_sets_its_own()
    {
        var login = 0;
        await using var app1 = await LoopbackServer.StartAsync(http => Answer(http, "a1", ref login));
        await using var app2 = await LoopbackServer.StartAsync(http => Answer(http, "a2", ref login));
        using var proxy = Proxy("""
                policy: roundRobin
                stickySession:
                  mode: ApplicationBased
                  appCookieName: app
            """, new ManualClock(), app1.Url, app2.Url);
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        var (_, none) = await GetAsync(front, "/page");
        Assert.Null(none);
        var (loggedInOn, setCookie) = await GetAsync(front, "/login");
        Assert.NotNull(setCookie);
        Assert.StartsWith("EG_SESSION=", setCookie);

        for (var i = 0; i < 4; i++)
        {
            var (backend, again) = await GetAsync(front, "/page", setCookie.Split(';')[0]);
            Assert.Equal(loggedInOn, backend);
            Assert.Null(again);
        }
    }

    private static Task Answer(HttpContext http, string name, ref int logins)
    {
        http.Response.Headers["X-Backend"] = name;
        if (http.Request.Path == "/login") http.Response.Headers.Append("Set-Cookie", $"app=session{Interlocked.Increment(ref logins)}; Path=/");
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("{mode: Sometimes}", "filters[0].pools[0].loadBalance.stickySession.mode", "unknown sticky session mode")]
    [InlineData("{mode: CookieConsistentHash}", "filters[0].pools[0].loadBalance.stickySession.appCookieName", "is required by mode CookieConsistentHash")]
    [InlineData("{mode: ApplicationBased}", "filters[0].pools[0].loadBalance.stickySession.appCookieName", "is required by mode ApplicationBased")]
    [InlineData("{mode: DurationBased, lbCookieName: 'a b'}", "filters[0].pools[0].loadBalance.stickySession.lbCookieName", "not a valid cookie name")]
    [InlineData("{appCookieName: x}", "filters[0].pools[0].loadBalance.stickySession.mode", "")]
    public void Bad_sticky_sessions_are_refused_naming_the_field(string stickyYaml, string path, string message)
    {
        var error = TestSpecs.FilterError($"""
            name: proxy
            kind: Proxy
            pools:
            - servers: [{"{"}url: "http://127.0.0.1:1"{"}"}]
              loadBalance:
                stickySession: {stickyYaml}
            """);

        Assert.Contains(path, error);
        Assert.Contains(message, error);
    }
}
