using System.Collections.Concurrent;
using Easegress.Filters.Filters;
using Easegress.Filters.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Tests.Support;

/// <summary>
/// A real Kestrel front listener whose handler runs filters in order over a <see cref="RequestContext"/> (stopping at
/// the first non-empty result), records the last result, and writes a drafted response the way the server does.
/// </summary>
internal sealed class FilterFront : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private FilterFront(LoopbackServer server, HttpClient client)
    {
        _server = server;
        Client = client;
    }

    public HttpClient Client { get; }
    public string Url => _server.Url;
    public BlockingCollection<string> Results { get; } = new();

    public static Task<FilterFront> StartAsync(params IFilter[] filters) => StartAsync(stopOnResult: true, filters);

    /// <summary>Runs every filter whatever their results (as a <c>jumpIf</c> to the next filter would).</summary>
    public static Task<FilterFront> StartRunningAllAsync(params IFilter[] filters) => StartAsync(stopOnResult: false, filters);

    private static async Task<FilterFront> StartAsync(bool stopOnResult, IFilter[] filters)
    {
        FilterFront? front = null;
        var server = await LoopbackServer.StartAsync(async http =>
        {
            var context = new RequestContext(http, "test");
            var result = "";
            foreach (var filter in filters)
            {
                result = filter switch
                {
                    ISyncFilter sync => sync.Handle(context),
                    IAsyncFilter async => await async.HandleAsync(context),
                    _ => throw new InvalidOperationException(),
                };
                if (stopOnResult && result.Length > 0) break;
            }
            front!.Results.Add(result);
            if (context.ResponseSent || http.Response.HasStarted) return;
            if (context.Response is { } draft)
            {
                http.Response.StatusCode = draft.StatusCode;
                foreach (var (name, value) in draft.Headers) http.Response.Headers[name] = value;
                if (draft.Body is not null) await http.Response.WriteAsync(draft.Body);
            }
            else http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        });
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        front = new FilterFront(server, client);
        return front;
    }

    /// <summary>The next recorded filter result.</summary>
    public string NextResult() =>
        Results.TryTake(out var result, TimeSpan.FromSeconds(10)) ? result : throw new TimeoutException("no filter result recorded");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
        Results.Dispose();
    }
}
