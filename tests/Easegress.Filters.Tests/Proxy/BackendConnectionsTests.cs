using Easegress.Threading;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Easegress.Filters.Proxy;
using Easegress.Filters.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Easegress.Filters.Tests.Proxy;

/// <summary>The Proxy's connection pools: idle connections (maxIdleConnsPerHost), mtls to a Kestrel backend that
/// requires client certificates, and one pool per request lane.</summary>
public sealed class BackendConnectionsTests
{
    private static IFilter Proxy(string url, string extra = "", bool perLane = false) => TestSpecs.Create(TestSpecs.Filter<ProxySpec>($"""
        name: proxy
        kind: Proxy
        {extra}
        pools:
        - servers: [{"{"}url: "{url}"{"}"}]
        """), new FilterEnvironment { Forwarder = FilterEnvironment.Create().Forwarder, BackendPoolPerLane = perLane });

    [Theory]
    [InlineData("", 1)]
    [InlineData("maxIdleConnsPerHost: 1024", 1)]
    [InlineData("maxIdleConnsPerHost: -1", 5)]
    public async Task Idle_connections_are_reused_unless_maxIdleConnsPerHost_is_negative(string extra, int connections)
    {
        var seen = new ConcurrentDictionary<string, bool>();
        await using var backend = await LoopbackServer.StartAsync(http =>
        {
            seen[http.Connection.Id] = true;
            return http.Response.WriteAsync("ok");
        });
        using var proxy = Proxy(backend.Url, extra);
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        for (var i = 0; i < 5; i++) Assert.Equal("ok", await front.Client.GetStringAsync("/"));

        Assert.Equal(connections, seen.Count);
    }

    [Fact]
    public async Task With_a_pool_per_lane_each_lane_reuses_its_idle_connections()
    {
        var seen = new ConcurrentDictionary<string, bool>();
        await using var backend = await LoopbackServer.StartAsync(http =>
        {
            seen[http.Connection.Id] = true;
            return http.Response.WriteAsync("ok");
        });
        using var proxy = Proxy(backend.Url, perLane: true);
        await using var front = await FilterFront.StartStreamingAsync(proxy);

        for (var i = 0; i < 2 * RequestLanes.Count + 1; i++) Assert.Equal("ok", await front.Client.GetStringAsync("/"));

        Assert.InRange(seen.Count, 1, RequestLanes.Count);
    }

    [Fact]
    public void A_request_uses_its_threads_lane_pool_and_background_traffic_the_shared_one()
    {
        using var perLane = new BackendConnections(TestSpecs.Filter<ProxySpec>("""
            name: proxy
            kind: Proxy
            pools:
            - servers: [{url: "http://127.0.0.1:1"}]
            """), perLane: true, ConnectionBudget.Unlimited, NullLogger.Instance);

        Assert.Equal(RequestLanes.Count + 2, perLane.Pools);   // and the shared one, and the health checks' one
        var lanes = Enumerable.Range(0, RequestLanes.Count).Select(perLane.ForLane).ToList();
        Assert.Equal(lanes.Count, lanes.Distinct().Count());
        Assert.DoesNotContain(perLane.Shared, lanes);
        Assert.Same(perLane.ForLane(RequestLanes.OfThisThread), perLane.ForThisThread);
    }

    /// <summary>A Kestrel backend on https://127.0.0.1 that requires a client certificate issued by <paramref name="clientAuthority"/>.</summary>
    private sealed class MutualTlsBackend : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private MutualTlsBackend(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }
        public ConcurrentQueue<string> ClientSubjects { get; } = new();

        public static async Task<MutualTlsBackend> StartAsync(X509Certificate2 serverCertificate, X509Certificate2 clientAuthority)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = serverCertificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                https.ClientCertificateValidation = (certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.Add(clientAuthority);
                    return chain.Build(certificate);
                };
            }));
            var app = builder.Build();
            app.Urls.Add("https://127.0.0.1:0");
            MutualTlsBackend? backend = null;
            app.Run(async http =>
            {
                backend!.ClientSubjects.Enqueue(http.Connection.ClientCertificate?.Subject ?? "");
                await http.Response.WriteAsync("secure");
            });
            await app.StartAsync();
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            backend = new MutualTlsBackend(app, $"https://127.0.0.1:{bound.Port}");
            return backend;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private static string Mtls(X509Certificate2 client, X509Certificate2 root, bool insecureSkipVerify = false) => $"""
        mtls:
          certBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(client))}
          keyBase64: {TestCertificates.Base64(TestCertificates.KeyPem(client))}
          rootCertBase64: {TestCertificates.Base64(TestCertificates.CertificatePem(root))}
          insecureSkipVerify: {(insecureSkipVerify ? "true" : "false")}
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_mtls_the_Proxy_shows_its_client_certificate_and_verifies_the_backends(bool perLane)
    {
        using var serverAuthority = TestCertificates.Authority("backend CA");
        using var clientAuthority = TestCertificates.Authority("gateway CA");
        using var otherAuthority = TestCertificates.Authority("someone else");
        using var serverCertificate = TestCertificates.Server("backend", [], serverAuthority, [IPAddress.Loopback]);
        using var client = TestCertificates.Client("gateway", clientAuthority);
        using var stranger = TestCertificates.Client("stranger", otherAuthority);
        await using var backend = await MutualTlsBackend.StartAsync(serverCertificate, clientAuthority);

        using var trusted = Proxy(backend.Url, Mtls(client, serverAuthority), perLane: perLane);
        using var noCertificate = Proxy(backend.Url, perLane: perLane);
        using var wrongRoot = Proxy(backend.Url, Mtls(client, otherAuthority), perLane: perLane);
        using var wrongRootSkipped = Proxy(backend.Url, Mtls(client, otherAuthority, insecureSkipVerify: true), perLane: perLane);
        using var wrongClient = Proxy(backend.Url, Mtls(stranger, serverAuthority), perLane: perLane);
        await using var trustedFront = await FilterFront.StartStreamingAsync(trusted);
        await using var noCertificateFront = await FilterFront.StartStreamingAsync(noCertificate);
        await using var wrongRootFront = await FilterFront.StartStreamingAsync(wrongRoot);
        await using var wrongRootSkippedFront = await FilterFront.StartStreamingAsync(wrongRootSkipped);
        await using var wrongClientFront = await FilterFront.StartStreamingAsync(wrongClient);

        Assert.Equal("secure", await trustedFront.Client.GetStringAsync("/"));
        Assert.Equal("CN=gateway", Assert.Single(backend.ClientSubjects));
        Assert.Equal("secure", await wrongRootSkippedFront.Client.GetStringAsync("/"));   // the certificate is still shown

        foreach (var front in new[] { noCertificateFront, wrongRootFront, wrongClientFront })
        {
            using var response = await front.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(ProxyKind.ServerError, front.NextResult());
        }
        Assert.Equal(2, backend.ClientSubjects.Count);
    }

    [Theory]
    [InlineData("mtls: {keyBase64: a, rootCertBase64: b}", "filters[0].mtls.certBase64: is required")]
    [InlineData("mtls: {certBase64: '!!', keyBase64: a, rootCertBase64: b}", "filters[0].mtls.certBase64: is not base64")]
    [InlineData("mtls: {certBase64: aGVsbG8=, keyBase64: aGVsbG8=, rootCertBase64: aGVsbG8=}", "filters[0].mtls.rootCertBase64: holds no PEM certificate")]
    [InlineData("maxIdleConns: -1", "filters[0].maxIdleConns: must not be negative")]
    public void Bad_connection_settings_are_refused_naming_the_field(string extra, string message)
    {
        var error = TestSpecs.FilterError($"""
            name: proxy
            kind: Proxy
            {extra}
            pools:
            - servers: [{"{"}url: "https://127.0.0.1:1"{"}"}]
            """);

        Assert.StartsWith(message, error);
    }
}
