namespace Easegress.Specs;

/// <summary>What a spec may put in a header: names are RFC 9110 tokens, values hold no control character but HTAB
/// (RFC 9110 §5.5: CR, LF and NUL would split or end the header, and HTTP clients refuse them).</summary>
internal static class HeaderText
{
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    /// <summary>Checks a bound string, or each name and value of a bound mapping.</summary>
    public static void Check(object? bound, string path)
    {
        switch (bound)
        {
            case string value:
                CheckValue(value, path);
                break;
            case IDictionary<string, string> headers:
                foreach (var (name, value) in headers)
                {
                    var itemPath = SpecException.Join(path, name);
                    if (name.Length == 0 || name.Any(c => !char.IsAsciiLetterOrDigit(c) && !TokenSymbols.Contains(c)))
                        throw new SpecException(itemPath, "is not a header name: use letters, digits and !#$%&'*+-.^_`|~");
                    CheckValue(value, itemPath);
                }
                break;
        }
    }

    private static void CheckValue(string value, string path)
    {
        foreach (var c in value)
            if (c is < ' ' and not '\t' or '\u007f')
                throw new SpecException(path, $"must not hold control characters (U+{(int)c:X4}): a header value cannot carry them");
    }
}
