using Easegress.Specs;

namespace Easegress.Filters.Redirector;

/// <summary>The statuses a redirector may answer with, and the body each gets (its reason phrase, as in Easegress).</summary>
internal static class RedirectStatus
{
    private static readonly Dictionary<int, string> Phrases = new()
    {
        [300] = "Multiple Choices",
        [301] = "Moved Permanently",
        [302] = "Found",
        [303] = "See Other",
        [304] = "Not Modified",
        [307] = "Temporary Redirect",
        [308] = "Permanent Redirect",
    };

    public static string Phrase(int code) => Phrases[code];

    public static void Validate(int code, string path)
    {
        if (!Phrases.ContainsKey(code))
            throw new SpecException(path, $"{code} is not a redirect status (one of {string.Join(", ", Phrases.Keys)})");
    }
}
