using System.Net;
using System.Net.Sockets;
using System.Text;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;
using Xunit.Abstractions;

namespace Easegress.EndToEnd.Tests;

/// <summary>
/// Issue #28: clients that hold more connections than the process may open files for. A node limited to 1024 open
/// files (a reserve of 512, so 256 client and 256 backend connections) gets 400 connections whose requests the backend
/// holds: it closes the ones beyond its budget, keeps answering the admin API, and serves normally once they are gone.
/// </summary>
public sealed class OverloadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int FileLimit = 1024;
    private const int Clients = 400;
    private const int ClientBudget = 256;

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Socket> _sockets = [];
    private readonly HttpListener _backend = new();
    private string _backendUrl = "";
    private ServerNode _node = null!;
    private int _held;

    public async Task InitializeAsync()
    {
        var backendPort = FreePorts.Next();
        _backendUrl = $"http://127.0.0.1:{backendPort}";
        _backend.Prefixes.Add($"http://+:{backendPort}/");   // whatever the Host (the Proxy forwards the client's)
        _backend.Start();
        _ = Task.Run(ServeAsync);
        // a soft limit below the hard one: the node raises it
        _node = ServerNode.Create("eg-overload", launcher: ["prlimit", $"--nofile=512:{FileLimit}", "--"]);
        await _node.WaitReadyAsync();
    }

    [Fact]
    public async Task The_node_sheds_connections_beyond_its_file_budget_and_serves_again_after()
    {
        var port = FreePorts.Next();
        using var api = new HttpClient { BaseAddress = new Uri($"http://{_node.ApiAddress}/apis/v2/"), Timeout = TimeSpan.FromSeconds(10) };
        await CreateAsync(api, $"""
            name: overload-pipeline
            kind: Pipeline
            filters:
            - name: proxy
              kind: Proxy
              pools: [{"{"}servers: [{"{"}url: "{_backendUrl}"{"}"}]{"}"}]
            """);
        await CreateAsync(api, $"""
            name: overload-server
            kind: HTTPServer
            port: {port}
            rules:
            - paths:
              - pathPrefix: /
                backend: overload-pipeline
            """);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await EventuallyAsync(async () => (await client.GetAsync($"http://127.0.0.1:{port}/ok")).StatusCode == HttpStatusCode.OK, () => $"the server never served:\n{_node.Output}");

        var opened = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => HoldAsync(port)));
        _sockets.AddRange(opened);
        await EventuallyAsync(() => Task.FromResult(Volatile.Read(ref _held) >= ClientBudget - 16), () => $"only {Volatile.Read(ref _held)} requests reached the backend:\n{_node.Output}");
        var closed = await Task.WhenAll(opened.Select(ClosedByPeerAsync));

        Assert.False(_node.Process.HasExited, _node.Output);
        Assert.InRange(Volatile.Read(ref _held), ClientBudget - 16, ClientBudget);
        Assert.InRange(closed.Count(c => c), Clients - ClientBudget, Clients - ClientBudget + 16);
        var files = Directory.GetFiles($"/proc/{_node.Process.Id}/fd").Length;
        output.WriteLine($"held by the backend {Volatile.Read(ref _held)}, closed by the node {closed.Count(c => c)} of {Clients}, open files {files} of {FileLimit}");
        Assert.InRange(files, 1, FileLimit - 128);
        // saturated: the admin API answers, and a new traffic connection is closed at once rather than left hanging
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("objects")).StatusCode);
        Assert.True(await ClosedByPeerAsync(await HoldAsync(port)), "a connection beyond the budget was kept");

        foreach (var socket in _sockets) socket.Dispose();
        await EventuallyAsync(async () => (await client.GetAsync($"http://127.0.0.1:{port}/ok")).StatusCode == HttpStatusCode.OK,
            () => $"normal traffic did not come back:\n{_node.Output}");
        Assert.False(_node.Process.HasExited);
        // the soft limit was 512: the .NET runtime raises it to the hard one before the node's own code runs, and the
        // node makes sure of it (OpenFileLimit)
        Assert.Contains($"open files: limit {FileLimit};", _node.Output);
        Assert.Contains($"maxConnections 10240 is more than the open-file limit allows; at most {ClientBudget}", _node.Output);
        Assert.Contains("client connections reached the node's limit of 256", _node.Output);
    }

    /// <summary>The backend: holds <c>/hold</c> until the test ends, answers anything else at once.</summary>
    private async Task ServeAsync()
    {
        while (_backend.IsListening)
        {
            HttpListenerContext http;
            try { http = await _backend.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(async () =>
            {
                try
                {
                    if (http.Request.Url?.AbsolutePath == "/hold")
                    {
                        Interlocked.Increment(ref _held);
                        await _release.Task;
                    }
                    http.Response.ContentLength64 = 2;
                    await http.Response.OutputStream.WriteAsync("ok"u8.ToArray());
                    http.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException) { }
            });
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<string> failure) =>
        Assert.True(await Retry.UntilAsync(condition, ok => ok), failure());

    private static async Task CreateAsync(HttpClient api, string yaml)
    {
        using var reply = await api.PostAsync("objects", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.True(reply.StatusCode == HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
    }

    /// <summary>A connection that sends a request the backend holds.</summary>
    private static async Task<Socket> HoldAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        try { await socket.SendAsync("GET /hold HTTP/1.1\r\nHost: overload.test\r\n\r\n"u8.ToArray()); }
        catch (SocketException) { }   // closed already
        return socket;
    }

    /// <summary>Whether the node closed the connection (within a few seconds) instead of keeping it open.</summary>
    private static async Task<bool> ClosedByPeerAsync(Socket socket)
    {
        var buffer = new byte[1024];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (true)
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token) == 0) return true;
        }
        catch (SocketException) { return true; }   // reset
        catch (OperationCanceledException) { return false; }
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        foreach (var socket in _sockets) socket.Dispose();
        _node.Dispose();
        _backend.Close();
        await Task.CompletedTask;
    }
}
