using System.IO.Compression;
using Microsoft.Extensions.Primitives;

namespace Easegress.Filters.Bodies;

/// <summary>gzip for bodies held in memory, and the <c>Content-Encoding</c> checks around it.</summary>
public static class Gzip
{
    public const string Encoding = "gzip";

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
