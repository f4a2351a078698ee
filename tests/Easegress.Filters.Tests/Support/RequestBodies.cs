using Easegress.Protocols.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Easegress.Filters.Tests.Support;

/// <summary>Request bodies for in-memory requests: one that streams (a route with <c>clientMaxBodySize: -1</c>) and one
/// that fails when read.</summary>
internal static class RequestBodies
{
    /// <summary>Marks the body as streaming without a size limit, as the HTTP server does for <c>clientMaxBodySize: -1</c>.</summary>
    public static void LetStream(RequestContext context) =>
        context.Http.Features.Set<IHttpMaxRequestBodySizeFeature>(new Unlimited());

    private sealed class Unlimited : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;
        public long? MaxRequestBodySize { get; set; }
    }
}

/// <summary>A body whose every read fails with the given error.</summary>
internal sealed class FailingStream(Exception error) : MemoryStream
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(error);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromException<int>(error);
    public override int Read(byte[] buffer, int offset, int count) => throw error;
}
