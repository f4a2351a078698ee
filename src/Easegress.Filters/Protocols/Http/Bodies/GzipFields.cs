using Easegress.Specs;

namespace Easegress.Protocols.Http.Bodies;

/// <summary>The <c>compress</c> and <c>decompress</c> fields of RequestAdaptor and ResponseAdaptor, checked the way
/// Easegress checks them: gzip only, not both, and no <c>decompress</c> when a new <c>body</c> is given.</summary>
internal static class GzipFields
{
    public static void Validate(string path, string? compress, string? decompress, string? body)
    {
        if (!string.IsNullOrEmpty(compress) && compress != Gzip.Encoding)
            throw new SpecException(SpecException.Join(path, "compress"), $"\"{compress}\" is not supported; only gzip is");
        if (!string.IsNullOrEmpty(decompress) && decompress != Gzip.Encoding)
            throw new SpecException(SpecException.Join(path, "decompress"), $"\"{decompress}\" is not supported; only gzip is");
        if (!string.IsNullOrEmpty(compress) && !string.IsNullOrEmpty(decompress))
            throw new SpecException(SpecException.Join(path, "decompress"), "give compress or decompress, not both");
        if (!string.IsNullOrEmpty(body) && !string.IsNullOrEmpty(decompress))
            throw new SpecException(SpecException.Join(path, "decompress"), "there is nothing to decompress when body replaces the body");
    }
}
