using System.Threading.Channels;
using Easegress.Node.Logging;

namespace Easegress.Node.Admin;

/// <summary><c>GET /logs?tail=N&amp;follow=bool</c> and <c>GET|PUT /logs/level[/debug|info]</c>, under both versions.</summary>
public static class LogsApi
{
    public const int DefaultTail = 500;

    public static void Map(WebApplication app)
    {
        foreach (var prefix in new[] { "/apis/v1", "/apis/v2" })
        {
            var api = app.MapGroup(prefix);
            api.MapGet("/logs", TailAsync);
            api.MapGet("/logs/level", (LineLoggerProvider lines) => Results.Text(LogLevelSwitch.Name(lines.Level.Minimum)));
            api.MapPut("/logs/level/{level}", (HttpContext http, string level, LineLoggerProvider lines) =>
            {
                if (!LogLevelSwitch.TryParse(level, out var parsed))
                    return AdminResponse.Error(http, 400, $"log level \"{level}\" is not debug or info");
                lines.Level.Set(parsed);
                return Results.Text(LogLevelSwitch.Name(parsed));
            });
        }
    }

    private static async Task TailAsync(HttpContext http, LineLoggerProvider lines)
    {
        var query = http.Request.Query;
        var tail = DefaultTail;
        if (query.TryGetValue("tail", out var t) && !int.TryParse(t, out tail))
        {
            await AdminResponse.Error(http, 400, $"tail: \"{t}\" is not a number (-1 for all)").ExecuteAsync(http);
            return;
        }
        var follow = false;
        if (query.TryGetValue("follow", out var f) && !bool.TryParse(f, out follow))
        {
            await AdminResponse.Error(http, 400, $"follow: \"{f}\" is not true or false").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/plain; charset=utf-8";
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
        if (follow) lines.Follow(channel.Writer);   // before reading the file, so no line falls in between
        try
        {
            foreach (var line in await LastLinesAsync(lines.LogFile, tail, http.RequestAborted))
                await http.Response.WriteAsync(line + "\n", http.RequestAborted);
            if (!follow) return;
            await http.Response.Body.FlushAsync(http.RequestAborted);
            await foreach (var line in channel.Reader.ReadAllAsync(http.RequestAborted))
            {
                await http.Response.WriteAsync(line + "\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the follower went away
        }
        finally
        {
            if (follow) lines.Unfollow(channel.Writer);
        }
    }

    /// <summary>The last <paramref name="tail"/> lines of the log file (all when -1), read backwards from its end
    /// in blocks, so a large log costs no more than the lines asked for.</summary>
    private static async Task<IReadOnlyList<string>> LastLinesAsync(string? file, int tail, CancellationToken ct)
    {
        if (file is null || tail == 0 || !File.Exists(file)) return [];
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        const int Block = 64 * 1024;
        var start = stream.Length;
        var newlines = 0;
        var buffer = new byte[Block];
        while (start > 0 && (tail < 0 || newlines <= tail))
        {
            var size = (int)Math.Min(Block, start);
            start -= size;
            stream.Position = start;
            await stream.ReadExactlyAsync(buffer.AsMemory(0, size), ct);
            newlines += buffer.AsSpan(0, size).Count((byte)'\n');
        }
        stream.Position = start;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line) lines.Add(line);
        return tail < 0 || lines.Count <= tail ? lines : lines.GetRange(lines.Count - tail, tail);
    }
}
