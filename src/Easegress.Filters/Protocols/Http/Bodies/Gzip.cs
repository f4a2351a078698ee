using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace Easegress.Protocols.Http.Bodies;

/// <summary>gzip for bodies held in memory or streaming, and the <c>Content-Encoding</c> checks around it.</summary>
public static class Gzip
{
    public const string Encoding = "gzip";

    /// <summary>Bodies up to this size are coded where the caller runs; larger ones after a hop to the thread pool, so
    /// that a stream stage's thread is not held.</summary>
    private const int InlineSize = 64 * 1024;

    /// <summary>Gzips (<paramref name="compress"/>) or gunzips a body held in memory; null when it is not valid gzip.</summary>
    public static async ValueTask<byte[]?> CodeAsync(ReadOnlyMemory<byte> body, bool compress)
    {
        if (body.Length > InlineSize) await Task.Yield();
        if (compress) return Compress(body.Span);
        return TryDecompress(body, out var plain) ? plain : null;
    }

    /// <summary>A body that streams, gzipped (<paramref name="compress"/>) or gunzipped as it is read.</summary>
    public static Stream Wrap(Stream body, bool compress) =>
        compress ? new GzipReadStream(body) : new GZipStream(body, CompressionMode.Decompress);

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 2 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>False when <paramref name="data"/> is not a valid gzip stream.</summary>
    public static bool TryDecompress(ReadOnlyMemory<byte> data, out byte[] decompressed)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(data.Length * 4 + 64);
            gzip.CopyTo(output);
            decompressed = output.ToArray();
            return true;
        }
        catch (InvalidDataException)
        {
            decompressed = [];
            return false;
        }
    }

    /// <summary>True when the body is encoded at all (any <c>Content-Encoding</c> other than <c>identity</c>).</summary>
    public static bool AnyEncoding(StringValues contentEncoding)
    {
        foreach (var value in contentEncoding)
            if (!string.IsNullOrWhiteSpace(value) && !value.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
