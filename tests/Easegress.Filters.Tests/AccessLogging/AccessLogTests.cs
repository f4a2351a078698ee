using System.Collections.Concurrent;
using Easegress.Protocols.Http.AccessLogging;
using Easegress.Specs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Tests.AccessLogging;

public sealed class AccessLogTests
{
    private static AccessLogEntry Entry(IReadOnlyList<KeyValuePair<string, string>>? requestHeaders = null) => new(
        new DateTimeOffset(2026, 11, 25, 23, 50, 1, 234, TimeSpan.Zero), "10.0.0.7:51234", "203.0.113.9", "POST", "/api/items?id=3",
        "HTTP/1.1", 201, TimeSpan.FromMicroseconds(12_345), 100, 2048, requestHeaders, null, "pipeline: items");

    [Fact]
    public void The_default_format_is_Easegress_s()
    {
        Assert.Equal("[2026-11-25T23:50:01.234+00:00] [10.0.0.7:51234 203.0.113.9 POST /api/items?id=3 HTTP/1.1 201] " +
            "[12.345ms rx:100B tx:2048B] [pipeline: items]", AccessLogFormat.DefaultFormat.Render(Entry()));
    }

    [Fact]
    public void A_custom_format_may_show_headers_with_credentials_masked()
    {
        var headers = new HeaderDictionary
        {
            ["Authorization"] = "Bearer s3cret", ["Cookie"] = "session=abc", ["X-Api-Key"] = "k",
            ["Proxy-Authorization"] = "Basic x", ["Accept"] = "*/*",
        };
        var format = AccessLogFormat.Parse("{{Method}} {{StatusCode}} {{ReqHeaders}} {{Duration}}", "accessLogFormat");
        Assert.True(format.UsesRequestHeaders);
        Assert.False(format.UsesResponseHeaders);

        var line = format.Render(Entry(SecretHeaders.Copy(headers)));

        Assert.Equal("POST 201 map[Accept:[*/*] Authorization:[***] Cookie:[***] Proxy-Authorization:[***] X-Api-Key:[***]] 12.345ms", line);
        Assert.DoesNotContain("s3cret", line);
        Assert.True(SecretHeaders.IsSecret("set-cookie"));
    }

    [Theory]
    [InlineData("{{Nope}}", "unknown variable {{Nope}}")]
    [InlineData("[{{Time]", "is not closed")]
    public void A_bad_format_is_refused_with_its_field(string format, string message)
    {
        var e = Assert.Throws<SpecException>(() => AccessLogFormat.Parse(format, "accessLogFormat"));
        Assert.Contains("accessLogFormat", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData(850, "850µs")]
    [InlineData(1_500_000, "1.5s")]
    public void Durations_print_as_Go_prints_them(long micros, string expected)
    {
        var text = new System.Text.StringBuilder();
        AccessLogFormat.AppendDuration(text, TimeSpan.FromMicroseconds(micros));
        Assert.Equal(expected, text.ToString());
    }

    [Fact]
    public async Task Lines_go_through_the_AccessLog_category_in_order()
    {
        var lines = new LineCapture();
        await using (var log = new AccessLog(lines))
        {
            for (var i = 0; i < 100; i++) log.Add(Entry() with { StatusCode = 200 + i }, AccessLogFormat.Parse("{{StatusCode}}", "f"));
        }
        Assert.Equal(Enumerable.Range(200, 100).Select(i => (AccessLog.Category, i.ToString())), lines.Lines);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var lines = new LineCapture { Gate = new ManualResetEventSlim(false) };
        var log = new AccessLog(lines, capacity: 4);
        var format = AccessLogFormat.Parse("{{StatusCode}}", "f");
        for (var i = 0; i < 20; i++) log.Add(Entry(), format);   // never blocks: the writer is stuck on the first line

        Assert.InRange(log.Dropped, 20 - 4 - 1, 20 - 4);
        lines.Gate.Set();
        await log.DisposeAsync();
        Assert.Equal(20 - log.Dropped, lines.Lines.Count);
    }

    /// <summary>A logger factory that keeps every line (optionally holding each write until a gate opens).</summary>
    private sealed class LineCapture : ILoggerFactory, ILogger
    {
        public ConcurrentQueue<(string Category, string Line)> Lines { get; } = new();
        public ManualResetEventSlim? Gate { get; init; }
        private string _category = "";

        public ILogger CreateLogger(string categoryName)
        {
            _category = categoryName;
            return this;
        }

        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Gate?.Wait();
            Lines.Enqueue((_category, formatter(state, exception)));
        }
    }
}
