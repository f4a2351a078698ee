using System.Buffers;

namespace Easegress.Protocols.Http.Bodies;

/// <summary>Reads a body into memory, up to a limit.</summary>
internal static class BodyBuffer
{
    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes (then the rest is left unread).</summary>
    /// <param name="announcedLength">The Content-Length, when there is one.</param>
    public static async Task<byte[]?> ReadAsync(Stream source, long limit, long? announcedLength, CancellationToken cancellationToken)
    {
        if (announcedLength > limit) return null;
        if (announcedLength is { } exact)
        {
            var body = new byte[exact];
            await source.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            return body;
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var room = buffer.GetMemory(16 * 1024);
            var read = await source.ReadAsync(room, cancellationToken).ConfigureAwait(false);
            if (read == 0) return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) return null;
        }
    }
}
