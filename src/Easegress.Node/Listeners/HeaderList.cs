using Microsoft.Extensions.Primitives;

namespace Easegress.Node.Listeners;

/// <summary>The items of a comma-separated header (<c>Connection</c>, <c>Via</c>), over all its lines, trimmed, empty
/// ones skipped (RFC 9110 §5.6.1).</summary>
internal static class HeaderList
{
    public static IEnumerable<string> Items(StringValues lines)
    {
        foreach (var line in lines)
        {
            if (line is null) continue;
            foreach (var item in line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                yield return item;
        }
    }
}
