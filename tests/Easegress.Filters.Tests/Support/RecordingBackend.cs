using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Filters.Tests.Support;

/// <summary>What a backend received; <paramref name="RawTarget"/> is the request line's target as it came.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Query, string Host, IReadOnlyDictionary<string, string> Headers, string Body,
    string RawTarget = "");

/// <summary>
/// A backend on loopback that records every request and answers <c>200 "{name}: {body}"</c> with header
/// <c>X-Backend: {name}</c>; a request header <c>X-Reply-Status</c> picks another status.
/// </summary>
internal sealed class RecordingBackend : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private RecordingBackend(string name, LoopbackServer server)
    {
        Name = name;
        _server = server;
    }

    public string Name { get; }
    public string Url => _server.Url;
    public int Port => _server.Port;
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<RecordingBackend> StartAsync(string name)
    {
        RecordingBackend? backend = null;
        var server = await LoopbackServer.StartAsync(async http =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            backend!.Received.Enqueue(new ReceivedRequest(http.Request.Method, http.Request.Path.Value ?? "",
                http.Request.QueryString.Value ?? "", http.Request.Host.Value ?? "", headers, body,
                http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ""));
            if (http.Request.Headers.TryGetValue("X-Reply-Status", out var status)) http.Response.StatusCode = int.Parse(status!);
            http.Response.Headers["X-Backend"] = name;
            await http.Response.WriteAsync($"{name}: {body}");
        });
        backend = new RecordingBackend(name, server);
        return backend;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
