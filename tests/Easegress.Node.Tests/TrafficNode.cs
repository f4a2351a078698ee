using System.Net;
using System.Text;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>
/// One in-process node shared by the tests of a class, with a recording backend and a pipeline proxying to it; each
/// test creates its own HTTPServer objects on fresh loopback ports through the admin API, as a user would.
/// </summary>
public sealed class TrafficNode : IAsyncLifetime
{
    public const string Pipeline = "to-backend";

    private int _objects;

    public InProcessNode Node { get; private set; } = null!;
    internal RecordingBackend Backend { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await InProcessNode.StartAsync();
        Backend = await RecordingBackend.StartAsync("backend");
        await CreateAsync(ProxyPipeline(Pipeline, Backend.Url));
    }

    /// <summary>A pipeline whose one filter, a Proxy, forwards to <paramref name="url"/>.</summary>
    public static string ProxyPipeline(string name, string url) => $"""
        name: {name}
        kind: Pipeline
        filters:
        - name: proxy
          kind: Proxy
          pools:
          - servers:
            - url: {url}
        """;

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        await Backend.DisposeAsync();
    }

    /// <summary>This fixture, its node's log lines going to <paramref name="output"/> from now on: a test class takes it
    /// so in its constructor, and each of its tests (they run one at a time) gets the lines logged while it runs.</summary>
    public TrafficNode LoggingTo(ITestOutputHelper output)
    {
        Node.Log.Attach(output);
        return this;
    }

    /// <summary>A name no other test of this node uses.</summary>
    public string NewName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _objects)}";

    public async Task CreateAsync(string yaml)
    {
        var response = await Node.Api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public async Task UpdateAsync(string name, string yaml)
    {
        var response = await Node.Api.PutAsync($"objects/{name}", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A pipeline of its own proxying to the backend, and a server routing <paramref name="pathPrefix"/> to it
    /// (so that the test's counts are its own). Returns their names and the server's port.</summary>
    public async Task<(string Pipeline, string Server, int Port)> StartOwnServerAsync(string prefix, string pathPrefix)
    {
        var pipeline = NewName(prefix + "-pipeline");
        await CreateAsync(ProxyPipeline(pipeline, Backend.Url));
        var server = NewName(prefix + "-server");
        var port = await StartServerAsync(server, $"""
            rules:
            - paths:
              - pathPrefix: {pathPrefix}
                backend: {pipeline}
            """);
        return (pipeline, server, port);
    }

    /// <summary>Creates an HTTPServer on a free port from the YAML that follows its <c>name</c>, <c>kind</c> and
    /// <c>port</c>, and waits until it answers. Returns its port.</summary>
    public async Task<int> StartServerAsync(string name, string yaml)
    {
        var port = FreePorts.Next();
        await CreateAsync($"""
            name: {name}
            kind: HTTPServer
            port: {port}
            {yaml}
            """);
        await WaitForListenerAsync(port);
        return port;
    }

    /// <summary>Waits until something accepts connections on the port (objects start asynchronously, from the catalog).</summary>
    public static async Task WaitForListenerAsync(int port)
    {
        await Eventually.TrueAsync(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            try { await client.ConnectAsync(IPAddress.Loopback, port); return true; }
            catch (System.Net.Sockets.SocketException) { return false; }
        }, $"nothing listens on port {port}");
    }

    public static HttpClient PlainClient() =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
}

/// <summary>Polling for what happens asynchronously (the catalog reaching the node's traffic runtime).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string failure, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure);
            await Task.Delay(50);
        }
    }
}
