using Easegress.Specs;

namespace Easegress.Protocols.Http;

/// <summary>A spec's list of HTTP status codes, each checked to be one.</summary>
internal static class StatusCodeList
{
    public static void Validate(List<int>? codes, string path)
    {
        if (codes is null) return;
        for (var i = 0; i < codes.Count; i++)
            if (codes[i] is < 100 or > 599)
                throw new SpecException(SpecException.Index(path, i), $"{codes[i]} is not an HTTP status code");
    }
}
