using Easegress.Context;
using System.Collections.Concurrent;
using Easegress.Objects.HTTPServer;
using Easegress.Protocols.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Easegress.Filters.Tests.Support;

/// <summary>
/// A real Kestrel front listener whose handler runs filters in order over a <see cref="RequestContext"/> (stopping at
/// the first non-empty result), records the last result, and writes the response the way the server does. Each filter
/// is told that a later one may use the response when there is a later one (as a compiled flow would say); fronts
/// started with <see cref="StartStreamingAsync"/> tell every filter that nothing later does.
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

    public static Task<FilterFront> StartAsync(params IFilter[] filters) => StartAsync(stopOnResult: true, laterUse: true, filters);

    /// <summary>Runs every filter whatever their results (as a <c>jumpIf</c> to the next filter would).</summary>
    public static Task<FilterFront> StartRunningAllAsync(params IFilter[] filters) => StartAsync(stopOnResult: false, laterUse: true, filters);

    /// <summary>Runs every filter, each told that nothing after it uses the response (so a Proxy streams it).</summary>
    public static Task<FilterFront> StartStreamingAsync(params IFilter[] filters) => StartAsync(stopOnResult: false, laterUse: false, filters);

    private static async Task<FilterFront> StartAsync(bool stopOnResult, bool laterUse, IFilter[] filters)
    {
        FilterFront? front = null;
        var server = await LoopbackServer.StartAsync(async http =>
        {
            var context = new RequestContext(http, "test");
            var result = "";
            for (var i = 0; i < filters.Length; i++)
            {
                var filter = filters[i];
                context.ResponseDemand = laterUse && i < filters.Length - 1 ? ResponseDemand.Always : ResponseDemand.None;
                result = filter switch
                {
                    ISyncFilter sync => sync.Handle(context),
                    IAsyncFilter async => await async.HandleAsync(context),
                    _ => throw new InvalidOperationException(),
                };
                if (stopOnResult && result.Length > 0) break;
            }
            front!.Results.Add(result);
            await ResponseWriter.WriteAsync(context, NullLogger.Instance);
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
